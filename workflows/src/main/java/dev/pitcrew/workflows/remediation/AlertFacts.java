package dev.pitcrew.workflows.remediation;

import java.util.Map;

/** The alert that started a remediation, as Alertmanager sent it. */
public record AlertFacts(String alertname, String fingerprint, String summary, Map<String, String> labels) {
  public AlertFacts {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
