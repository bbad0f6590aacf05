package dev.pitcrew.activities.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one outbox ({@code outbox} table): every integration without credentials writes here what it would have
 * sent (PagerDuty, Slack, JIRA, email), through its outbox implementation of the integration's port. One reader,
 * {@code GET /api/v1/outbox}, lists it.
 */
@Repository
public class OutboxRepository {
  private static final String COLUMNS =
      "id, integration, operation, target, run_id, delivery, handle, payload::text as payload, created_at";

  private final JdbcClient jdbc;

  public OutboxRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** @return the new entry's ID, or empty when an entry with the same dedup key was written before */
  public Optional<Long> write(OutboxWrite entry) {
    return jdbc.sql("""
            insert into outbox (integration, operation, target, run_id, delivery, dedup_key, payload)
            values (:integration, :operation, :target, :runId, :delivery, :dedupKey, cast(:payload as jsonb))
            on conflict (dedup_key) do nothing
            returning id
            """)
        .param("integration", entry.integration())
        .param("operation", entry.operation())
        .param("target", entry.target())
        .param("runId", entry.runId())
        .param("delivery", entry.delivery().name())
        .param("dedupKey", entry.dedupKey())
        .param("payload", entry.payloadJson())
        .query(Long.class)
        .optional();
  }

  /** Writes a would-have-sent call that has no dedup key; @return the new entry's ID. */
  public long append(String integration, String operation, String target, String runId, String payloadJson) {
    return write(OutboxWrite.wouldHaveSent(integration, operation, target, runId, payloadJson)).orElseThrow();
  }

  /** Records what the integration would have handed back for entry {@code id} (a Slack message's ts). */
  public void setHandle(long id, String handle) {
    jdbc.sql("update outbox set handle = ? where id = ?").params(handle, id).update();
  }

  /** Newest first. */
  public List<OutboxEntry> find(OutboxQuery query) {
    return jdbc.sql("select " + COLUMNS + """
             from outbox
            where (cast(:integration as text) is null or integration = :integration)
              and (cast(:runId as text) is null or run_id = :runId)
              and (cast(:runPrefix as text) is null or starts_with(run_id, :runPrefix))
              and (cast(:from as timestamptz) is null or created_at >= :from)
              and (cast(:until as timestamptz) is null or created_at < :until)
            order by id desc
            limit :limit offset :offset
            """)
        .param("integration", query.integration())
        .param("runId", query.runId())
        .param("runPrefix", query.runIdPrefix())
        .param("from", query.from() == null ? null : Timestamp.from(query.from()))
        .param("until", query.until() == null ? null : Timestamp.from(query.until()))
        .param("limit", query.limit())
        .param("offset", query.offset())
        .query(OutboxRepository::entry)
        .list();
  }

  private static OutboxEntry entry(ResultSet rs, int row) throws SQLException {
    return new OutboxEntry(rs.getLong("id"), rs.getString("integration"), rs.getString("operation"),
        rs.getString("target"), rs.getString("run_id"), rs.getString("delivery"), rs.getString("handle"),
        rs.getString("payload"), rs.getTimestamp("created_at").toInstant());
  }
}
