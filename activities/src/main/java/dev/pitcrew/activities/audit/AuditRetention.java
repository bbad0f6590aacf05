package dev.pitcrew.activities.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prunes audit rows older than {@code pitcrew.audit.retention}: at start-up, then at most once an hour when an
 * event is recorded (no scheduler of its own). Only a prefix of the chain is ever removed — rows up to the first
 * one still young, and never the newest — so the oldest remaining row's {@code prev_hash} becomes the anchor the
 * verification starts from, and new rows still link to the last one.
 */
@Component
public class AuditRetention {
  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);
  static final Duration INTERVAL = Duration.ofHours(1);
  private static final int BATCH = 5_000;

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final Duration retention;
  private final AtomicLong nextPruneAtMillis = new AtomicLong();

  public AuditRetention(DataSource dataSource, AuditProperties properties) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.retention = properties.retention();
    // The start-up prune comes first; recording only prunes an hour after it.
    this.nextPruneAtMillis.set(System.currentTimeMillis() + INTERVAL.toMillis());
  }

  @EventListener(ApplicationReadyEvent.class)
  void pruneAtStartUp() {
    nextPruneAtMillis.set(System.currentTimeMillis() + INTERVAL.toMillis());
    pruneQuietly();
  }

  /** Starts a prune on a virtual thread when the last one is an hour old; returns at once. */
  void pruneIfDue() {
    long now = System.currentTimeMillis();
    long due = nextPruneAtMillis.get();
    if (now >= due && nextPruneAtMillis.compareAndSet(due, now + INTERVAL.toMillis())) {
      Thread.ofVirtual().name("audit-prune").start(this::pruneQuietly);
    }
  }

  /** Removes rows older than the retention; answers how many. */
  public int prune() {
    Timestamp cutoff = Timestamp.from(Instant.now().minus(retention));
    int total = 0;
    int removed;
    do {
      removed = transaction.execute(status -> {
        AuditChainLock.take(jdbc);
        // The append-only trigger lets DELETE through only with this transaction-local setting.
        jdbc.sql("select set_config('pitcrew.audit_prune', 'on', true)").query().singleRow();
        return jdbc.sql(
                """
                delete from audit_log where id in (
                  select id from audit_log
                  where id < coalesce((select min(id) from audit_log where at >= :cutoff),
                                      (select max(id) from audit_log))
                  order by id limit :batch)
                """)
            .param("cutoff", cutoff)
            .param("batch", BATCH)
            .update();
      });
      total += removed;
    } while (removed == BATCH);
    if (total > 0) {
      log.info("Pruned {} audit rows older than {}", total, retention);
    }
    return total;
  }

  private void pruneQuietly() {
    try {
      prune();
    } catch (RuntimeException e) {
      log.warn("Could not prune the audit log ({}); trying again within the hour", e.getClass().getSimpleName());
    }
  }
}
