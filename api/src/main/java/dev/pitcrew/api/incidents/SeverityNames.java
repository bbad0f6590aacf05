package dev.pitcrew.api.incidents;

import dev.pitcrew.workflows.incident.Severity;
import java.util.Locale;

/** Severities as people type them: {@code SEV2}, {@code sev2} and {@code Sev2} are all {@link Severity#SEV2}. */
final class SeverityNames {
  static final String REGEX = "(?i)SEV[1-4]";
  static final String MESSAGE = "must be one of SEV1, SEV2, SEV3, SEV4";

  private SeverityNames() {}

  /** @return null for null; call only with values that matched {@link #REGEX} */
  static Severity parse(String value) {
    return value == null ? null : Severity.valueOf(value.toUpperCase(Locale.ROOT));
  }

  static boolean valid(String value) {
    return value != null && value.matches(REGEX);
  }
}
