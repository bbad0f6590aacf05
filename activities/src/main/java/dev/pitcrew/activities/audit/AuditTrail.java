package dev.pitcrew.activities.audit;

import dev.pitcrew.activities.postgres.GroupedStatements;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
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
 * <p>Concurrent appends of one process are committed together (group commit): whichever caller gets the turn
 * writes every event waiting at that moment in one transaction, under one take of the chain lock, on one pooled
 * connection. Every caller still returns only once its own row is committed, so an answered request is on the
 * trail as before; what changes is that a storm of requests no longer holds one pooled connection each while it
 * queues for the chain lock (the alert storm of 2026-11-30 exhausted the pool that way).
 *
 * <p>A change that is audited by its own row ({@link #change}, e.g. a runs-index write and its phase row) is made in
 * the same group transaction as its row, so the pair costs one commit instead of two and is never half written.
 */
@Component
public class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  static final String WRITE_FAILURES = "pitcrew.audit.write.failures";
  /** Rows per transaction: bounds how long one turn holds the chain lock. */
  static final int MAX_GROUP = 256;

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final TransactionTemplate ownTransaction;
  private final AuditRetention retention;
  private final Counter failures;
  /** Appends waiting for their turn queue here, in the process, not for the pool or the chain lock. */
  private final GroupedStatements<Append, Optional<RuntimeException>> appends =
      new GroupedStatements<>(MAX_GROUP, this::writeGroup);

  /**
   * A change to one of Pitcrew's tables that the trail records: made on the connection it is given (inside the
   * group's transaction), it answers the event to append, or null when it changed nothing and nothing is audited.
   */
  @FunctionalInterface
  public interface AuditedChange {
    AuditEvent apply(JdbcClient jdbc);
  }

  /** One caller's turn in a group: an event to append, or a change whose event (if any) is appended with it. */
  private record Append(AuditEvent event, AuditedChange change) {}

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

  /** Appends the event and returns once it is committed (or has failed); never throws. */
  public void record(AuditEvent event) {
    Optional<RuntimeException> failure;
    try {
      failure = appends.run(new Append(event, null));
    } catch (RuntimeException e) {
      failure = Optional.of(e);
    }
    failure.ifPresent(e -> failed(event, e));
    retention.pruneIfDue();
  }

  /**
   * Makes {@code change} and appends the event it answers in one transaction, grouped with concurrent appends;
   * returns once both are committed. Throws what the change throws, as if it had been made on its own: when the
   * shared transaction fails, the change is made again alone (autocommitted) and its event appended as by
   * {@link #record}, whose failure is logged and counted but never thrown, exactly as a change followed by
   * {@code record} would behave.
   */
  public void change(AuditedChange change) {
    Optional<RuntimeException> failure;
    try {
      failure = appends.run(new Append(null, change));
    } catch (RuntimeException e) {
      failure = Optional.of(e);
    }
    if (failure.isPresent()) {
      AuditEvent event = change.apply(jdbc);
      if (event != null) {
        record(event);
      }
      return;
    }
    retention.pruneIfDue();
  }

  private void failed(AuditEvent event, RuntimeException failure) {
    failures.increment();
    // Only the kind of failure: values and driver messages can carry what was sent, secrets included.
    log.warn("Could not write an audit event (channel {}, outcome {}): {}{}", event.channel(), event.outcome(),
        failure.getClass().getSimpleName(), sqlState(failure));
  }

  /** Makes a group's changes and appends its events in one transaction; answers each one's failure, if any. */
  private List<Optional<RuntimeException>> writeGroup(List<Append> group) {
    try {
      ownTransaction.executeWithoutResult(status -> write(group));
      return Collections.nCopies(group.size(), Optional.empty());
    } catch (DataAccessException | TransactionException failed) {
      // A row the table refuses, or a blip (a pool timeout, a dropped connection), must not cost the whole group
      // its rows: each again on its own, as each would have had its own attempt without grouping.
      if (group.size() == 1) {
        return List.of(Optional.of(failed));
      }
      List<Optional<RuntimeException>> each = new ArrayList<>(group.size());
      for (Append alone : group) {
        each.add(writeGroup(List.of(alone)).getFirst());
      }
      return each;
    }
  }

  private void write(List<Append> group) {
    // The chain lock first, then the changes: taking it after a change's row locks could deadlock with another
    // process's group that holds the lock and waits for the same row.
    AuditChainLock.take(jdbc);
    List<AuditEvent> events = new ArrayList<>(group.size());
    for (Append append : group) {
      AuditEvent event = append.change() == null ? append.event() : append.change().apply(jdbc);
      if (event != null) {
        events.add(event);
      }
    }
    if (!events.isEmpty()) {
      append(events);
    }
  }

  private void append(List<AuditEvent> group) {
    String prevHash = jdbc.sql("select hash from audit_log order by id desc limit 1")
        .query(String.class).optional().orElse(null);
    List<Long> ids = new ArrayList<>(jdbc.sql(
            "select nextval(pg_get_serial_sequence('audit_log', 'id')) from generate_series(1, ?)")
        .param(group.size()).query(Long.class).list());
    // The chain runs in ID order: the IDs go to the group's events in the order they came.
    ids.sort(null);
    List<Object[]> rows = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      AuditEvent event = group.get(i);
      long id = ids.get(i);
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
      rows.add(new Object[] {id, Timestamp.from(at), principal, channel, sourceAddress, action, target,
          event.outcome().name(), reason, prevHash, hash});
      prevHash = hash;
    }
    batch.batchUpdate(
        """
        insert into audit_log (id, at, principal, channel, source_address, action, target, outcome, reason,
                               prev_hash, hash)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        rows);
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
