package dev.pitcrew.api.hooks;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JIRA deliveries Pitcrew has acted on, by {@code X-Atlassian-Webhook-Identifier}. */
@Repository
class JiraWebhookDeliveries extends WebhookDeliveries {
  // JIRA Cloud gives up retrying a delivery within hours; a week leaves a wide margin.
  private static final Duration RETENTION = Duration.ofDays(7);

  JiraWebhookDeliveries(JdbcClient jdbc) {
    super(jdbc, "jira_webhook_deliveries", "issue_key", RETENTION);
  }
}
