package dev.pitcrew.api.incidents;

import dev.pitcrew.workflows.incident.Severity;
import java.util.Locale;
import java.util.Optional;

/** Severities as people type them: {@code SEV2}, {@code sev2} and {@code Sev2} are all {@link Severity#SEV2}. */
public final class SeverityNames {
  static final String REGEX = "(?i)SEV[1-4]";
  static final String MESSAGE = "must be one of SEV1, SEV2, SEV3, SEV4";
  /** How Slack replies name the choices. */
  public static final String CHOICES = "sev1, sev2, sev3 or sev4";

  private SeverityNames() {}

  /** @return null for null; call only with values that matched {@link #REGEX} */
  static Severity parse(String value) {
    return value == null ? null : Severity.valueOf(value.toUpperCase(Locale.ROOT));
  }

  static boolean valid(String value) {
    return value != null && value.matches(REGEX);
  }

  /** The severity a word names, if it names one. */
  public static Optional<Severity> find(String word) {
    return valid(word) ? Optional.of(parse(word)) : Optional.empty();
  }
}
