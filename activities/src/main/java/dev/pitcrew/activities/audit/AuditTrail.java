package dev.pitcrew.activities.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends state changes to the tamper-evident {@code audit_log}: each row carries the SHA-256 of its contents and
 * of the previous row's hash, so changing or removing a row breaks the chain ({@link AuditVerifier}).
 *
 * <p>Appends run in their own transaction under {@link AuditChainLock}, so the chain stays linear across threads
 * and processes, and a caller's transaction never holds the lock nor is rolled back by an audit problem. Writing
 * never throws into the caller: a failure is logged (without the event's values, which may be sensitive) and
 * counted in {@code pitcrew_audit_write_failures_total}.
 *
 * <p><b>Group commit.</b> The chain is one line, so appends are one at a time however many requests make them. A
 * caller hands its event over and waits until it is written (nothing is answered before its audit row is
 * committed, as before); whoever writes takes every event waiting at that moment into one transaction: one
 * chain lock, one read of the last hash and the IDs, one batched insert, one commit, and one pooled connection,
 * instead of a connection per waiting caller, each holding it while queueing for the lock. Under a burst of ticket
 * intake this is what kept the pool busy and the requests waiting.
 */
@Component
public class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  static final String WRITE_FAILURES = "pitcrew.audit.write.failures";
  /** The most events one transaction takes: a bound on the statement, not a tuning knob. */
  static final int MOST_PER_TRANSACTION = 200;

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final TransactionTemplate ownTransaction;
  private final AuditRetention retention;
  private final Counter failures;
  /** Events handed over and not yet written (or given up), oldest first. */
  private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
  /** Held by the one thread of this process writing a group; the others wait for it, not for a connection. */
  private final ReentrantLock writer = new ReentrantLock();

  /** An event handed over, and whether its group has been written (or given up); read and set under writer. */
  private static final class Waiting {
    private final AuditEvent event;
    private boolean done;

    Waiting(AuditEvent event) {
      this.event = event;
    }
  }

  @Autowired
  AuditTrail(DataSource dataSource, AuditRetention retention, ObjectProvider<MeterRegistry> registry) {
    this(dataSource, retention, registry.getIfAvailable(() -> Metrics.globalRegistry));
  }

  public AuditTrail(DataSource dataSource, AuditRetention retention, MeterRegistry registry) {
    this.jdbc = JdbcClient.create(dataSource);
    this.batch = new JdbcTemplate(dataSource);
    this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.retention = retention;
    this.failures = Counter.builder(WRITE_FAILURES)
        .description("Audit events that could not be written to audit_log")
        .register(registry);
  }

  /** Appends the event, returning once it is written (or given up); never throws. */
  public void record(AuditEvent event) {
    Waiting mine = new Waiting(event);
    waiting.add(mine);
    writer.lock();
    try {
      // Whoever wrote before us may have taken ours along; if not, ours is among the oldest waiting.
      while (!mine.done) {
        List<Waiting> group = new ArrayList<>();
        for (Waiting next; group.size() < MOST_PER_TRANSACTION && (next = waiting.poll()) != null; ) {
          group.add(next);
        }
        write(group);
      }
    } finally {
      writer.unlock();
    }
    retention.pruneIfDue();
  }

  /** One transaction for the group; should it fail, each event alone, so one bad event costs only itself. */
  private void write(List<Waiting> group) {
    List<AuditEvent> events = group.stream().map(w -> w.event).toList();
    try {
      if (events.size() == 1 || !tryToAppend(events)) {
        for (AuditEvent event : events) {
          tryToAppend(List.of(event));
        }
      }
    } finally {
      group.forEach(w -> w.done = true);
    }
  }

  private boolean tryToAppend(List<AuditEvent> events) {
    try {
      ownTransaction.executeWithoutResult(status -> append(events));
      return true;
    } catch (RuntimeException e) {
      if (events.size() == 1) {
        failures.increment();
        AuditEvent event = events.getFirst();
        // Only the kind of failure: values and driver messages can carry what was sent, secrets included.
        log.warn("Could not write an audit event (channel {}, outcome {}): {}{}", event.channel(), event.outcome(),
            e.getClass().getSimpleName(), sqlState(e));
      }
      return false;
    }
  }

  private void append(List<AuditEvent> events) {
    AuditChainLock.take(jdbc);
    // After the lock, in a statement of its own: under READ COMMITTED it then sees the last row of whoever held it.
    Map<String, Object> head = jdbc.sql("""
            select (select hash from audit_log order by id desc limit 1) as prev,
                   (select string_agg(id::text, ',')
                    from (select nextval(pg_get_serial_sequence('audit_log', 'id')) as id
                          from generate_series(1, ?)) taken) as ids
            """).param(events.size()).query().singleRow();
    String prevHash = (String) head.get("prev");
    long[] ids = Arrays.stream(((String) head.get("ids")).split(",")).mapToLong(Long::parseLong).sorted().toArray();
    List<Object[]> rows = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Object[] row = row(ids[i], events.get(i), prevHash);
      rows.add(row);
      prevHash = (String) row[10];
    }
    batch.batchUpdate("""
        insert into audit_log (id, at, principal, channel, source_address, action, target, outcome, reason,
                               prev_hash, hash)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, rows);
  }

  private static Object[] row(long id, AuditEvent event, String prevHash) {
    // PostgreSQL keeps microseconds: the hash must be over exactly what is stored.
    Instant at = (event.at() == null ? Instant.now() : event.at()).truncatedTo(ChronoUnit.MICROS);
    String principal = AuditText.storable(event.principal() == null ? "anonymous" : event.principal(),
        AuditText.PRINCIPAL);
    String channel = AuditText.storable(event.channel(), AuditText.CHANNEL);
    String sourceAddress = AuditText.storable(event.sourceAddress(), AuditText.SOURCE_ADDRESS);
    String action = AuditText.storable(event.action(), AuditText.ACTION);
    String target = AuditText.storable(event.target(), AuditText.TARGET);
    String reason = AuditText.storable(event.reason(), AuditText.REASON);
    String hash = AuditHash.of(
        id, at, principal, channel, sourceAddress, action, target, event.outcome(), reason, prevHash);
    return new Object[] {id, Timestamp.from(at), principal, channel, sourceAddress, action, target,
        event.outcome().name(), reason, prevHash, hash};
  }

  private static String sqlState(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return " (SQL state " + sql.getSQLState() + ")";
      }
    }
    return "";
  }
}
