package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.api.incidents.SeverityNames;
import dev.pitcrew.workflows.incident.Severity;
import java.util.Locale;
import java.util.Optional;

/** A severity as typed in Slack: {@code sev1} … {@code sev4}, in any case. */
final class SeverityWord {
  static final String CHOICES = "sev1, sev2, sev3 or sev4";

  private SeverityWord() {}

  static Optional<Severity> parse(String word) {
    String upper = word.toUpperCase(Locale.ROOT);
    for (Severity severity : Severity.values()) {
      if (severity.name().equals(upper)) {
        return Optional.of(severity);
      }
    }
    return Optional.empty();
  }
}
