package dev.pitcrew.api.problem;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A time filter in a query string ({@code from}, {@code until}, ...): an ISO-8601 instant, or a 400 naming it. */
public final class InstantParameter {
  private InstantParameter() {}

  /** @return null when the parameter is absent */
  public static Instant parse(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badField(field, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
    }
  }
}
