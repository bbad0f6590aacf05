package dev.pitcrew.api.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.intake.*}: back-pressure on every door that puts work on the engine. Each kind of intake may have
 * this many requests in flight at once on a replica; a request beyond waits up to its max wait for a place, then
 * is answered with {@code Retry-After} (429 for API callers, 503 for webhooks, which their senders retry). Pages
 * have their own, larger pool, so no flood of starts or chat ever crowds out an alert.
 *
 * @param enabled {@code false} turns the limits off
 * @param apiMaxConcurrent starts, tickets, decisions and other writes through the REST API
 * @param webhookMaxConcurrent JIRA webhooks and Slack (commands, interactions, events)
 * @param pageMaxConcurrent what pages someone: Alertmanager and PagerDuty webhooks, incident declarations
 * @param readMaxConcurrent GET and HEAD under {@code /api/v1}: bounded so that reads beyond get a quick 429 instead
 *     of queueing on the database's connection pool until its connection timeout (a 503)
 * @param maxWait how long an API or webhook request waits for a place before it is refused
 * @param pageMaxWait how long a page waits for a place before it is refused (with 503: Alertmanager retries)
 * @param retryAfter what {@code Retry-After} tells the refused caller
 */
@Validated
@ConfigurationProperties("pitcrew.intake")
public record IntakeProperties(
    @DefaultValue("true") boolean enabled,
    @Min(1) @Max(10_000) @DefaultValue("32") int apiMaxConcurrent,
    @Min(1) @Max(10_000) @DefaultValue("32") int webhookMaxConcurrent,
    @Min(1) @Max(10_000) @DefaultValue("64") int pageMaxConcurrent,
    @Min(1) @Max(10_000) @DefaultValue("32") int readMaxConcurrent,
    @NotNull @DefaultValue("2s") Duration maxWait,
    @NotNull @DefaultValue("10s") Duration pageMaxWait,
    @NotNull @DefaultValue("2s") Duration retryAfter) {

  public IntakeProperties {
    if (retryAfter != null && retryAfter.toSeconds() < 1) {
      throw new IllegalArgumentException("pitcrew.intake.retry-after must be at least 1s (Retry-After counts seconds)");
    }
  }
}
