package dev.pitcrew.api.hooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The deliveries Pitcrew has acted on, by JIRA's {@code X-Atlassian-Webhook-Identifier}. Shared through PostgreSQL
 * so a retry that lands on another API replica is still recognised.
 */
@Repository
class JiraWebhookDeliveries {
  // JIRA Cloud gives up retrying a delivery within hours; a week leaves a wide margin.
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final JdbcClient jdbc;
  private final Clock clock = Clock.systemUTC();
  private final AtomicLong lastPrune = new AtomicLong();

  JiraWebhookDeliveries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Claims a delivery; false when it was claimed before (a duplicate). */
  boolean claim(String identifier, String event, String issueKey) {
    prune();
    return jdbc.sql("""
            insert into jira_webhook_deliveries (identifier, event, issue_key) values (?, ?, ?)
            on conflict (identifier) do nothing""")
        .params(identifier, event, issueKey)
        .update() == 1;
  }

  /** Gives a claim back when acting on the delivery failed, so JIRA's retry is acted on. */
  void release(String identifier) {
    jdbc.sql("delete from jira_webhook_deliveries where identifier = ?").param(identifier).update();
  }

  private void prune() {
    long now = clock.millis();
    long last = lastPrune.get();
    if (now - last > PRUNE_EVERY.toMillis() && lastPrune.compareAndSet(last, now)) {
      jdbc.sql("delete from jira_webhook_deliveries where received_at < ?")
          .param(Timestamp.from(Instant.ofEpochMilli(now).minus(RETENTION)))
          .update();
    }
  }
}
