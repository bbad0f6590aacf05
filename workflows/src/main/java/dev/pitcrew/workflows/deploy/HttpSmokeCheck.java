package dev.pitcrew.workflows.deploy;

/**
 * An HTTP GET against the Kubernetes Service under analysis: the preview Service before promotion, the active one
 * after. Passes when the status matches and, if given, the body contains the text.
 *
 * @param path request path, e.g. {@code /healthz}
 * @param expectedStatus default 200
 * @param bodyContains optional text the response body must contain
 */
public record HttpSmokeCheck(String path, Integer expectedStatus, String bodyContains) {
  int effectiveExpectedStatus() {
    return expectedStatus == null ? 200 : expectedStatus;
  }
}
