package dev.pitcrew.activities.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Reads {@code audit_log} rows: the column list to select and the mapping to {@link AuditRecord}. */
public final class AuditRows {
  public static final String COLUMNS =
      "id, at, principal, channel, source_address, action, target, outcome, reason, prev_hash, hash";

  private AuditRows() {}

  public static AuditRecord map(ResultSet rs, int rowNum) throws SQLException {
    return new AuditRecord(
        rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("principal"),
        rs.getString("channel"), rs.getString("source_address"), rs.getString("action"), rs.getString("target"),
        AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("reason"), rs.getString("prev_hash"),
        rs.getString("hash"));
  }
}
