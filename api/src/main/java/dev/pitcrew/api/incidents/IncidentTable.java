package dev.pitcrew.api.incidents;

import dev.pitcrew.activities.postgres.GroupedStatements;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pitcrew's reads of the {@code incidents} table, which the workflows keep up to date: the list, the last recorded
 * state of one incident when its workflow cannot answer a query, which incidents a dedup key has had (for the
 * intake), and which incident owns a Slack channel.
 */
@Repository
public class IncidentTable {
  /** The newest incident of a dedup key, with how many that key has had. */
  public record Latest(String incidentId, Instant resolvedAt, int incidentsOfKey) {}

  /** One row; what the workflow last recorded. */
  record Row(
      String incidentId,
      String dedupKey,
      String service,
      String title,
      String severity,
      String state,
      String source,
      String commander,
      Instant openedAt,
      Instant acknowledgedAt,
      String acknowledgedBy,
      Instant resolvedAt,
      String resolvedBy,
      Integer escalationLevel,
      Integer escalationLoop,
      Instant nextEscalationAt,
      String slackChannel,
      String postmortemKey,
      String slackChannelId,
      Instant nextStakeholderUpdateDueAt,
      Instant alertsClearedAt,
      List<String> followUpKeys,
      Instant updatedAt) {}

  /** Filters of the list; null means any. Values are validated by the controller. */
  record Filter(String state, String service, String severity) {}

  private static final String COLUMNS = """
      incident_id, dedup_key, service, title, severity, state, source, commander, opened_at, acknowledged_at,
      acknowledged_by, resolved_at, resolved_by, escalation_level, escalation_loop, next_escalation_at, slack_channel,
      postmortem_key, slack_channel_id, next_stakeholder_update_due_at, alerts_cleared_at, follow_up_keys, updated_at""";

  private static final JsonMapper KEYS = JsonMapper.builder().build();

  /** Keys one lookup statement takes at most. */
  private static final int MAX_KEYS_PER_LOOKUP = 200;

  private final JdbcClient jdbc;
  private final GroupedStatements<String, Optional<Latest>> latestLookups =
      new GroupedStatements<>(MAX_KEYS_PER_LOOKUP, this::latestOfEach);
  /**
   * The door's lookups ({@link #latestBeforePaging}), grouped on a lane of their own: in a storm the deliveries'
   * lookups (one per alert, after its page) keep the shared lane's turn busy, and a page must not wait for them.
   */
  private final GroupedStatements<String, Optional<Latest>> lookupsBeforePaging =
      new GroupedStatements<>(MAX_KEYS_PER_LOOKUP, this::latestOfEach);

  IncidentTable(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Newest first. */
  List<Row> list(Filter filter, int limit) {
    return jdbc.sql("select " + COLUMNS + """
             from incidents
            where (cast(:state as text) is null or state = :state)
              and (cast(:service as text) is null or service = :service)
              and (cast(:severity as text) is null or severity = :severity)
            order by opened_at desc, incident_id desc
            limit :limit
            """)
        .param("state", filter.state())
        .param("service", filter.service())
        .param("severity", filter.severity())
        .param("limit", limit)
        .query(IncidentTable::row)
        .list();
  }

  /** A page of the open incidents and how many are open in all, and not yet acknowledged. */
  record Unresolved(List<Row> rows, int total, int unacknowledged) {}

  /**
   * Open and acknowledged incidents, the most urgent first (not yet acknowledged, then by severity, then newest),
   * at most {@code limit} of them, with the counts of all: what the console's boards show, in one read of the
   * partial index on unresolved incidents.
   *
   * @param service only this service's incidents, or null for every service
   */
  Unresolved unresolved(String service, int limit) {
    record Ranked(Row row, int total, int unacknowledged) {}
    List<Ranked> ranked = jdbc.sql("select " + COLUMNS + """
                 , count(*) over () as total, count(*) filter (where state = 'OPEN') over () as unacknowledged
             from incidents
            where state <> 'RESOLVED'
              and (cast(:service as text) is null or service = :service)
            order by state = 'OPEN' desc, severity nulls last, opened_at desc, incident_id desc
            limit :limit
            """)
        .param("service", service)
        .param("limit", limit)
        .query((rs, n) -> new Ranked(row(rs, n), rs.getInt("total"), rs.getInt("unacknowledged")))
        .list();
    return ranked.isEmpty()
        ? new Unresolved(List.of(), 0, 0)
        : new Unresolved(ranked.stream().map(Ranked::row).toList(), ranked.getFirst().total(),
            ranked.getFirst().unacknowledged());
  }

  /**
   * The recorded state of one incident (OPEN, ACKNOWLEDGED, RESOLVED), or empty when none is recorded under that ID:
   * one indexed read of one column, for deciding whether a note can go straight to the incident's workflow.
   */
  Optional<String> stateOf(String incidentId) {
    return jdbc.sql("select state from incidents where incident_id = :id")
        .param("id", incidentId)
        .query(String.class)
        .optional();
  }

  Optional<Row> find(String incidentId) {
    return jdbc.sql("select " + COLUMNS + " from incidents where incident_id = :id")
        .param("id", incidentId)
        .query(IncidentTable::row)
        .optional();
  }

  /**
   * The newest incident of {@code dedupKey}. Concurrent lookups (an alert storm) are answered together by one
   * statement on one pooled connection, so a storm's deliveries wait for their turn in the process, not for the
   * pool that the workers' records need too.
   */
  public Optional<Latest> latestOf(String dedupKey) {
    return latestLookups.run(dedupKey);
  }

  /**
   * {@link #latestOf} for the door, before a first page: the same read, grouped with the other doors' lookups only,
   * so it never queues behind the lookups of deliveries whose pages are already out (at most one more pooled
   * connection at a time).
   */
  public Optional<Latest> latestBeforePaging(String dedupKey) {
    return lookupsBeforePaging.run(dedupKey);
  }

  private List<Optional<Latest>> latestOfEach(List<String> dedupKeys) {
    Map<String, Latest> found = new HashMap<>();
    jdbc.sql("""
            select distinct on (dedup_key) dedup_key, incident_id, resolved_at,
                   count(*) over (partition by dedup_key) as incidents_of_key
              from incidents where dedup_key in (:keys)
             order by dedup_key, opened_at desc, incident_id desc
            """)
        .param("keys", new ArrayList<>(new LinkedHashSet<>(dedupKeys)))
        .query(rs -> {
          found.put(rs.getString("dedup_key"), new Latest(
              rs.getString("incident_id"), instant(rs.getTimestamp("resolved_at")), rs.getInt("incidents_of_key")));
        });
    return dedupKeys.stream().map(key -> Optional.ofNullable(found.get(key))).toList();
  }

  /** The incident whose Slack channel has this name (names are unique: they end in a hash of the incident ID). */
  public Optional<String> incidentOfChannel(String channelName) {
    return jdbc.sql("select incident_id from incidents where slack_channel = :name order by opened_at desc limit 1")
        .param("name", channelName)
        .query(String.class)
        .optional();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getString("incident_id"), rs.getString("dedup_key"), rs.getString("service"), rs.getString("title"),
        rs.getString("severity"), rs.getString("state"), rs.getString("source"), rs.getString("commander"),
        instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("acknowledged_at")),
        rs.getString("acknowledged_by"), instant(rs.getTimestamp("resolved_at")), rs.getString("resolved_by"),
        rs.getObject("escalation_level", Integer.class), rs.getObject("escalation_loop", Integer.class),
        instant(rs.getTimestamp("next_escalation_at")), rs.getString("slack_channel"), rs.getString("postmortem_key"),
        rs.getString("slack_channel_id"), instant(rs.getTimestamp("next_stakeholder_update_due_at")),
        instant(rs.getTimestamp("alerts_cleared_at")), keys(rs.getString("follow_up_keys")),
        instant(rs.getTimestamp("updated_at")));
  }

  private static List<String> keys(String jsonArray) {
    return jsonArray == null ? null : List.of(KEYS.readValue(jsonArray, String[].class));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
