package dev.pitcrew.api.tickets;

import dev.pitcrew.activities.outbox.OutboxEntry;
import dev.pitcrew.activities.outbox.OutboxQuery;
import dev.pitcrew.activities.outbox.OutboxRepository;
import dev.pitcrew.workflows.sla.ClockRecord;
import dev.pitcrew.workflows.sla.RecordedSla;
import dev.pitcrew.workflows.sla.SlaTerms;
import dev.pitcrew.workflows.sla.TicketSlaStatus;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads tickets and their notifications as the SLA activities recorded them. */
@Repository
public class TicketQueries {
  private static final String COLUMNS =
      "ticket_key, source, title, requester_email, requester_account_id, queue, assignee, priority, %s as status, "
          + "cycle, sla_state, next_due_at, resolved, created_at, updated_at";
  /**
   * The status a reader sees: the recorded one, except that a ticket resolved without a status change (e.g.
   * {@code POST /api/v1/tickets/{key}/events} {@code resolve}) reads as {@code Resolved} rather than the status it
   * had while open. A status its policy counts as resolved ({@code Done}, {@code Closed}, ...) is kept as it is.
   */
  private static final String STATUS = """
      case when resolved and not exists (
             select 1 from sla_queues q join sla_policies p on p.name = q.policy
                  cross join jsonb_array_elements_text(p.document -> 'resolvedStatuses') as r(name)
              where q.name = sla_tickets.queue and lower(r.name) = lower(sla_tickets.status))
           then 'Resolved' else status end""";
  // The requester's JIRA account ID is kept by the JIRA webhook, beside the row the SLA run writes.
  private static final String FROM = " from sla_tickets left join jira_ticket_state using (ticket_key)";

  private final JdbcClient jdbc;
  private final OutboxRepository outbox;
  private final JsonMapper json;

  TicketQueries(JdbcClient jdbc, OutboxRepository outbox, JsonMapper json) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.json = json;
  }

  /** Breached and at-risk tickets first, then by the next deadline. */
  public List<Map<String, Object>> list(String queue, String status, String slaState, int limit) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS.formatted(STATUS) + FROM + " where true");
    List<Object> params = new ArrayList<>();
    if (queue != null) {
      sql.append(" and queue = ?");
      params.add(queue);
    }
    if (status != null) {
      sql.append(" and lower(" + STATUS + ") = lower(?)");
      params.add(status);
    }
    if (slaState != null) {
      sql.append(" and sla_state = ?");
      params.add(slaState);
    }
    sql.append(" order by resolved, case sla_state when 'BREACHED' then 0 when 'AT_RISK' then 1 else 2 end,"
        + " next_due_at nulls last, ticket_key limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(TicketQueries::row).list();
  }

  /** How many tickets are open, and how many of those have breached or are at risk. */
  public record OpenCounts(int open, int breached, int atRisk) {}

  /** Of one queue, or of all when null; from the index on (resolved, sla_state) for all. */
  public OpenCounts openCounts(String queue) {
    return jdbc.sql("""
            select count(*), count(*) filter (where sla_state = 'BREACHED'), count(*) filter (where sla_state = 'AT_RISK')
              from sla_tickets where not resolved and (cast(:queue as text) is null or queue = :queue)""")
        .param("queue", queue)
        .query((rs, n) -> new OpenCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
        .single();
  }

  /**
   * A ticket as recorded, and its SLA at {@code atMillis} computed from the recorded clocks and terms (empty when the
   * record has none: a run started before they were recorded, or a ticket not routed yet).
   */
  public record Recorded(Map<String, Object> ticket, Optional<TicketSlaStatus> sla) {}

  public Optional<Recorded> findWithSla(String key, long atMillis) {
    return jdbc.sql("select " + COLUMNS.formatted(STATUS) + ", sla_tickets.status as recorded_status, clocks, terms"
            + FROM + " where ticket_key = ?")
        .param(key)
        .query((rs, n) -> new Recorded(row(rs, n), sla(rs, atMillis)))
        .optional();
  }

  private Optional<TicketSlaStatus> sla(ResultSet rs, long atMillis) throws SQLException {
    String clocks = rs.getString("clocks");
    String terms = rs.getString("terms");
    if (clocks == null || terms == null) {
      return Optional.empty();
    }
    return Optional.of(RecordedSla.status(rs.getString("ticket_key"), rs.getString("queue"), rs.getString("assignee"),
        rs.getString("priority"), rs.getString("recorded_status"), rs.getInt("cycle"), rs.getBoolean("resolved"),
        json.readValue(terms, SlaTerms.class), json.readValue(clocks, new TypeReference<List<ClockRecord>>() {}),
        atMillis));
  }

  public Optional<Map<String, Object>> find(String key) {
    return jdbc.sql("select " + COLUMNS.formatted(STATUS) + FROM + " where ticket_key = ?").param(key)
        .query(TicketQueries::row).optional();
  }

  /** The SLA notifications in the outbox, newest first: of one ticket, or of every ticket when null. */
  public List<Map<String, Object>> notifications(String ticketKey, int limit) {
    OutboxQuery query = OutboxQuery.newest(limit);
    query = ticketKey == null
        ? query.ofRunsStartingWith(TicketSlaWorkflow.WORKFLOW_ID_PREFIX)
        : query.ofRun(TicketSlaWorkflow.workflowId(ticketKey));
    return outbox.find(query).stream().map(this::notification).toList();
  }

  private Map<String, Object> notification(OutboxEntry entry) {
    JsonNode payload = json.readTree(entry.payload());
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", entry.id());
    row.put("ticketKey", text(payload, "ticketKey"));
    row.put("kind", entry.operation());
    row.put("channel", entry.integration());
    row.put("target", entry.target());
    row.put("subject", text(payload, "subject"));
    row.put("body", text(payload, "body"));
    row.put("delivery", entry.delivery());
    row.put("createdAt", entry.createdAt().toString());
    return row;
  }

  private static String text(JsonNode payload, String field) {
    JsonNode value = payload.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static Map<String, Object> row(ResultSet rs, int n) throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("ticketKey", rs.getString("ticket_key"));
    row.put("source", rs.getString("source"));
    row.put("title", rs.getString("title"));
    row.put("requesterEmail", rs.getString("requester_email"));
    row.put("requesterAccountId", rs.getString("requester_account_id"));
    row.put("queue", rs.getString("queue"));
    row.put("assignee", rs.getString("assignee"));
    row.put("priority", rs.getString("priority"));
    row.put("status", rs.getString("status"));
    row.put("cycle", rs.getInt("cycle"));
    row.put("slaState", rs.getString("sla_state"));
    row.put("nextDueAt", instant(rs.getTimestamp("next_due_at")));
    row.put("resolved", rs.getBoolean("resolved"));
    row.put("createdAt", instant(rs.getTimestamp("created_at")));
    row.put("updatedAt", instant(rs.getTimestamp("updated_at")));
    return row;
  }

  private static String instant(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }
}
