package dev.pitcrew.api.hooks;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** PagerDuty v3 deliveries Pitcrew has acted on, by {@code X-Webhook-Id}. */
@Repository
class PagerDutyWebhookDeliveries extends WebhookDeliveries {
  // PagerDuty retries a failed delivery for minutes, not days; a week leaves a wide margin.
  private static final Duration RETENTION = Duration.ofDays(7);

  PagerDutyWebhookDeliveries(JdbcClient jdbc) {
    super(jdbc, "pagerduty_webhook_deliveries", "incident_key", RETENTION);
  }
}
