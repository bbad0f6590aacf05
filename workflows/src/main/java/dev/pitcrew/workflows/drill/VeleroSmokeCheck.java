package dev.pitcrew.workflows.drill;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP GET against a restored Service in the scratch namespace, at the URL deployment analysis's smoke checks
 * use ({@code pitcrew.analysis.smoke-base-url} with {@code {serviceName}} and {@code {namespace}} filled in, then
 * {@code path}). Passes when the status matches and, if given, the body contains the text.
 *
 * @param expectedStatus default 200
 */
public record VeleroSmokeCheck(String service, String path, Integer expectedStatus, String bodyContains) {

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (service == null || !VeleroTarget.LABEL.matcher(service).matches()) {
      problems.add("service: required, the name of a Service in the restored namespace");
    }
    if (path == null || !path.startsWith("/") || path.length() > 500 || path.chars().anyMatch(Character::isWhitespace)) {
      problems.add("path: required, starting with '/', at most 500 characters, no spaces");
    }
    if (expectedStatus != null && (expectedStatus < 100 || expectedStatus > 599)) {
      problems.add("expectedStatus: an HTTP status between 100 and 599");
    }
    if (bodyContains != null && (bodyContains.isEmpty() || bodyContains.length() > 500)) {
      problems.add("bodyContains: 1 to 500 characters");
    }
    return problems;
  }
}
