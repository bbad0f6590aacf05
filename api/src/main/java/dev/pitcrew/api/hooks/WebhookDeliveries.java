package dev.pitcrew.api.hooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The deliveries of one webhook source Pitcrew has acted on, by the sender's delivery identifier, so a retried
 * delivery is not acted on twice. Kept in PostgreSQL so a retry that lands on another API replica is still
 * recognised. Each source has its own table of the same shape ({@code identifier} primary key, {@code event},
 * a subject column, {@code received_at}); rows older than the retention are pruned now and then.
 */
abstract class WebhookDeliveries {
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final JdbcClient jdbc;
  private final String table;
  private final String subjectColumn;
  private final Duration retention;
  private final Clock clock = Clock.systemUTC();
  private final AtomicLong lastPrune = new AtomicLong();

  /** {@code table} and {@code subjectColumn} are constants of the subclass, never input. */
  WebhookDeliveries(JdbcClient jdbc, String table, String subjectColumn, Duration retention) {
    this.jdbc = jdbc;
    this.table = table;
    this.subjectColumn = subjectColumn;
    this.retention = retention;
  }

  /** Claims a delivery; false when it was claimed before (a duplicate). */
  boolean claim(String identifier, String event, String subject) {
    prune();
    return jdbc.sql("insert into " + table + " (identifier, event, " + subjectColumn + ") values (?, ?, ?) "
            + "on conflict (identifier) do nothing")
        .params(identifier, event, subject)
        .update() == 1;
  }

  /** Gives a claim back when acting on the delivery failed, so the sender's retry is acted on. */
  void release(String identifier) {
    jdbc.sql("delete from " + table + " where identifier = ?").param(identifier).update();
  }

  private void prune() {
    long now = clock.millis();
    long last = lastPrune.get();
    if (now - last > PRUNE_EVERY.toMillis() && lastPrune.compareAndSet(last, now)) {
      jdbc.sql("delete from " + table + " where received_at < ?")
          .param(Timestamp.from(Instant.ofEpochMilli(now).minus(retention)))
          .update();
    }
  }
}
