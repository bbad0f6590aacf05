package dev.pitcrew.activities.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
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
 */
@Component
public class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  static final String WRITE_FAILURES = "pitcrew.audit.write.failures";

  private final JdbcClient jdbc;
  private final TransactionTemplate ownTransaction;
  private final AuditRetention retention;
  private final Counter failures;

  @Autowired
  AuditTrail(DataSource dataSource, AuditRetention retention, ObjectProvider<MeterRegistry> registry) {
    this(dataSource, retention, registry.getIfAvailable(() -> Metrics.globalRegistry));
  }

  public AuditTrail(DataSource dataSource, AuditRetention retention, MeterRegistry registry) {
    this.jdbc = JdbcClient.create(dataSource);
    this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.retention = retention;
    this.failures = Counter.builder(WRITE_FAILURES)
        .description("Audit events that could not be written to audit_log")
        .register(registry);
  }

  /** Appends the event; never throws. */
  public void record(AuditEvent event) {
    try {
      ownTransaction.executeWithoutResult(status -> append(event));
    } catch (RuntimeException e) {
      failures.increment();
      // Only the kind of failure: values and driver messages can carry what was sent, secrets included.
      log.warn("Could not write an audit event (channel {}, outcome {}): {}{}", event.channel(), event.outcome(),
          e.getClass().getSimpleName(), sqlState(e));
    }
    retention.pruneIfDue();
  }

  private void append(AuditEvent event) {
    AuditChainLock.take(jdbc);
    String prevHash = jdbc.sql("select hash from audit_log order by id desc limit 1")
        .query(String.class).optional().orElse(null);
    long id = jdbc.sql("select nextval(pg_get_serial_sequence('audit_log', 'id'))").query(Long.class).single();
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
    jdbc.sql(
            """
            insert into audit_log (id, at, principal, channel, source_address, action, target, outcome, reason,
                                   prev_hash, hash)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(id, Timestamp.from(at), principal, channel, sourceAddress, action, target, event.outcome().name(),
            reason, prevHash, hash)
        .update();
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
