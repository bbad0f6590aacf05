package dev.pitcrew.activities.audit;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one transaction-scoped advisory lock every change to {@code audit_log} takes, so appends (which read the
 * last hash) and pruning happen one at a time and the chain stays a single line across processes.
 */
final class AuditChainLock {
  /** "pitcrewA" in ASCII; only has to be a constant no other Pitcrew lock uses. */
  static final long KEY = 0x7069746372657741L;

  private AuditChainLock() {}

  /** Held until the surrounding transaction ends. */
  static void take(JdbcClient jdbc) {
    jdbc.sql("select pg_advisory_xact_lock(?)").param(KEY).query().singleRow();
  }
}
