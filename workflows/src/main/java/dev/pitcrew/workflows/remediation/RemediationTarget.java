package dev.pitcrew.workflows.remediation;

/**
 * What a remediation acts on, derived from the alert's labels. {@code pod} and {@code node} are null unless the
 * runbook targets one pod or one node.
 */
public record RemediationTarget(String service, String namespace, String pod, String node) {
  /** The rate limit's unit: one pod, one node, or the whole service. */
  public String key() {
    if (pod != null) {
      return namespace + "/pod/" + pod;
    }
    if (node != null) {
      return "node/" + node;
    }
    return namespace + "/service/" + service;
  }
}
