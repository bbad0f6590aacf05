package dev.pitcrew.api.hooks;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * PagerDuty v3 events Pitcrew has acted on, by the signed {@code event.id} (not the unsigned {@code X-Webhook-Id},
 * which a replayed body could carry anew).
 */
@Repository
class PagerDutyWebhookDeliveries extends WebhookDeliveries {
  // PagerDuty retries a failed delivery for minutes, not days; a week leaves a wide margin.
  private static final Duration RETENTION = Duration.ofDays(7);

  PagerDutyWebhookDeliveries(JdbcClient jdbc) {
    super(jdbc, "pagerduty_webhook_deliveries", "incident_key", RETENTION);
  }
}
