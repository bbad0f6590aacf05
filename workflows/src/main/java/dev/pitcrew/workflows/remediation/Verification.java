package dev.pitcrew.workflows.remediation;

/**
 * How a remediation knows it worked: the alert's resolved notification arrives within {@code withinSeconds}, or,
 * when {@code prometheusQuery} is set, that query's value meets {@code condition} (e.g. {@code "< 0.05"}) within
 * that time, checked every {@code intervalSeconds}. A resolved notification counts in both modes.
 */
public record Verification(long withinSeconds, String prometheusQuery, String condition, long intervalSeconds) {
  public boolean byPrometheus() {
    return prometheusQuery != null && !prometheusQuery.isBlank();
  }
}
