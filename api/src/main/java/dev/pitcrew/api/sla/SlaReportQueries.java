package dev.pitcrew.api.sla;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SLA report: compliance per priority and goal, breaches, and the median time to first response. */
@Repository
class SlaReportQueries {
  private static final String IN_RANGE = " coalesce(stopped_at, breached_at) >= ? and coalesce(stopped_at, breached_at) < ?";

  private final JdbcClient jdbc;

  SlaReportQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Map<String, Object> report(Instant from, Instant to) {
    Timestamp a = Timestamp.from(from);
    Timestamp b = Timestamp.from(to);
    List<Map<String, Object>> compliance =
        jdbc.sql("select priority, goal, count(*) filter (where met) as met, count(*) filter (where not met) as breached"
                + " from sla_outcomes where met is not null and" + IN_RANGE + " group by priority, goal"
                + " order by priority, goal")
            .params(a, b)
            .query((rs, n) -> {
              long met = rs.getLong("met");
              long breached = rs.getLong("breached");
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("priority", rs.getString("priority"));
              row.put("goal", rs.getString("goal"));
              row.put("met", met);
              row.put("breached", breached);
              row.put("compliancePercent", Math.round(1000.0 * met / (met + breached)) / 10.0);
              return row;
            })
            .list();
    List<Map<String, Object>> breaches =
        jdbc.sql("select ticket_key, cycle, goal, priority, goal_ms, breached_at from sla_outcomes"
                + " where breached_at is not null and" + IN_RANGE + " order by breached_at desc limit 200")
            .params(a, b)
            .query((rs, n) -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("ticketKey", rs.getString("ticket_key"));
              row.put("cycle", rs.getInt("cycle"));
              row.put("goal", rs.getString("goal"));
              row.put("priority", rs.getString("priority"));
              row.put("goalMillis", rs.getLong("goal_ms"));
              row.put("breachedAt", rs.getTimestamp("breached_at").toInstant().toString());
              return row;
            })
            .list();
    Double median =
        jdbc.sql("select percentile_cont(0.5) within group (order by elapsed_ms) from sla_outcomes"
                + " where goal = 'FIRST_RESPONSE' and elapsed_ms is not null and stopped_at >= ? and stopped_at < ?")
            .params(a, b)
            .query(Double.class)
            .optional()
            .orElse(null);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("from", from.toString());
    report.put("to", to.toString());
    report.put("compliance", compliance);
    report.put("breachCount", breaches.size());
    report.put("breaches", breaches);
    report.put("medianFirstResponseMillis", median == null ? null : Math.round(median));
    return report;
  }
}
