package dev.pitcrew.activities.audit;

import java.time.Instant;

/** One row of {@code audit_log} as stored, with its place in the hash chain. */
public record AuditRecord(
    long id, Instant at, String principal, String channel, String sourceAddress, String action, String target,
    AuditOutcome outcome, String reason, String prevHash, String hash) {

  /** The hash this row must carry if nothing in it was changed. */
  public String expectedHash() {
    return AuditHash.of(id, at, principal, channel, sourceAddress, action, target, outcome, reason, prevHash);
  }
}
