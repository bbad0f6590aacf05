package dev.pitcrew.activities.failure;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * The failure an activity throws when a vendor answers 429: retryable, with the delay the vendor asked for as the
 * next retry's delay, so Temporal waits exactly that long instead of its usual backoff and nothing is dropped.
 */
public final class RateLimited {
  public static final String TYPE = "RateLimited";

  private RateLimited() {}

  public static ApplicationFailure retryAfter(String system, Duration delay) {
    return ApplicationFailure.newBuilder()
        .setType(TYPE)
        .setMessage(system + " rate limit hit; retrying in " + delay.toSeconds() + "s")
        .setNextRetryDelay(delay)
        .build();
  }

  /** Parses a {@code Retry-After} header in seconds; {@code fallback} when absent or not a number. */
  public static Duration parseRetryAfter(String header, Duration fallback) {
    if (header == null) {
      return fallback;
    }
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
