package dev.pitcrew.api.web;

import org.springframework.http.HttpStatus;

/**
 * A request its intake had no place for, refused before any work towards the engine: answered with {@code status}
 * and {@code Retry-After}, which the sender honours (Alertmanager retries a 503).
 */
public final class IntakeRefused extends RuntimeException {
  private final HttpStatus status;
  private final long retryAfterSeconds;

  IntakeRefused(HttpStatus status, long retryAfterSeconds, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public HttpStatus status() {
    return status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
