package dev.pitcrew.api.incidents;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The intake's reads of the {@code incidents} table, which the workflows keep up to date: which incidents a dedup
 * key has had, and which incident owns a Slack channel.
 */
@Repository
public class IncidentRecords {
  /** The newest incident of a dedup key, with how many that key has had. */
  public record Latest(String incidentId, Instant resolvedAt, int incidentsOfKey) {}

  private final JdbcClient jdbc;

  IncidentRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Latest> latestOf(String dedupKey) {
    return jdbc.sql("""
            select incident_id, resolved_at, count(*) over () as incidents_of_key
              from incidents where dedup_key = :key
             order by opened_at desc, incident_id desc
             limit 1
            """)
        .param("key", dedupKey)
        .query((rs, n) -> new Latest(
            rs.getString("incident_id"),
            rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant(),
            rs.getInt("incidents_of_key")))
        .optional();
  }

  /** The incident whose Slack channel has this name (names are unique: they end in a hash of the incident ID). */
  public Optional<String> incidentOfChannel(String channelName) {
    return jdbc.sql("select incident_id from incidents where slack_channel = :name order by opened_at desc limit 1")
        .param("name", channelName)
        .query(String.class)
        .optional();
  }
}
