package dev.pitcrew.activities.outbox;

import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The local-mode outbox: integrations without credentials write here what they would have sent. */
@Repository
public class OutboxRepository {
  private final JdbcClient jdbc;

  public OutboxRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** @return the new entry's ID */
  public long append(String integration, String operation, String target, String payloadJson) {
    return jdbc.sql("""
            insert into integration_outbox (integration, operation, target, payload)
            values (:integration, :operation, :target, cast(:payload as jsonb))
            returning id
            """)
        .param("integration", integration)
        .param("operation", operation)
        .param("target", target)
        .param("payload", payloadJson)
        .query(Long.class)
        .single();
  }

  /** Newest first; {@code integration} null for all of them. */
  public List<OutboxEntry> newestFirst(String integration, int limit) {
    return jdbc.sql("""
            select id, integration, operation, target, payload::text as payload, created_at
            from integration_outbox
            where cast(:integration as text) is null or integration = :integration
            order by id desc
            limit :limit
            """)
        .param("integration", integration)
        .param("limit", limit)
        .query((rs, n) -> new OutboxEntry(rs.getLong("id"), rs.getString("integration"), rs.getString("operation"),
            rs.getString("target"), rs.getString("payload"), toInstant(rs.getTimestamp("created_at"))))
        .list();
  }

  private static java.time.Instant toInstant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
