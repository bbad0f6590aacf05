package dev.pitcrew.workflows.remediation;

import java.util.Map;

/**
 * The alert that started a remediation, as Alertmanager sent it.
 *
 * @param annotations the alert's annotations (e.g. {@code value}, when the rule templates {@code {{ $value }}})
 * @param generatorUrl the Prometheus graph link of the rule that fired; its {@code g0.expr} is the rule's expression
 */
public record AlertFacts(String alertname, String fingerprint, String summary, Map<String, String> labels,
    Map<String, String> annotations, String generatorUrl) {
  public AlertFacts {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public AlertFacts(String alertname, String fingerprint, String summary, Map<String, String> labels) {
    this(alertname, fingerprint, summary, labels, null, null);
  }
}
