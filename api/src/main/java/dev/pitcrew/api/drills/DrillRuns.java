package dev.pitcrew.api.drills;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the stored drill reports ({@code drill_runs}) for the drill API. */
@Repository
class DrillRuns {
  private final JdbcClient jdbc;
  private final JsonMapper json;

  DrillRuns(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The newest {@code limit} runs of a drill, newest first, and their RTO/RPO trend oldest first. */
  Map<String, Object> history(String drill, int limit) {
    List<Map<String, Object>> runs = jdbc.sql("""
            select run_id, workflow_id, status, started_at, finished_at, rto_seconds, rpo_seconds, rto_met, rpo_met,
                   backup_age_seconds, incident_id, report->>'failure' failure,
                   (report->>'rtoTargetSeconds')::bigint rto_target, (report->>'rpoTargetSeconds')::bigint rpo_target
            from drill_runs where drill_name = :drill order by started_at desc, run_id limit :limit""")
        .param("drill", drill)
        .param("limit", limit)
        .query((rs, row) -> summary(drill, rs))
        .list();
    List<Map<String, Object>> trend = new ArrayList<>();
    for (int i = runs.size() - 1; i >= 0; i--) {
      Map<String, Object> run = runs.get(i);
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("startedAt", run.get("startedAt"));
      point.put("status", run.get("status"));
      point.put("rtoSeconds", run.get("rtoSeconds"));
      point.put("rpoSeconds", run.get("rpoSeconds"));
      trend.add(point);
    }
    long passed = runs.stream().filter(r -> "PASSED".equals(r.get("status"))).count();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("drill", drill);
    answer.put("items", runs);
    answer.put("trend", trend);
    answer.put("passed", passed);
    answer.put("failed", runs.size() - passed);
    return answer;
  }

  Optional<JsonNode> report(String drill, String runId) {
    return jdbc.sql("select report::text from drill_runs where drill_name = :drill and run_id = :run")
        .param("drill", drill)
        .param("run", runId)
        .query(String.class)
        .optional()
        .map(json::readTree);
  }

  private static Map<String, Object> summary(String drill, ResultSet rs) throws SQLException {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("runId", rs.getString("run_id"));
    run.put("workflowId", rs.getString("workflow_id"));
    run.put("status", rs.getString("status"));
    run.put("startedAt", instant(rs.getTimestamp("started_at")));
    run.put("finishedAt", instant(rs.getTimestamp("finished_at")));
    run.put("rtoSeconds", rs.getObject("rto_seconds"));
    run.put("rtoTargetSeconds", rs.getObject("rto_target"));
    run.put("rtoMet", rs.getObject("rto_met"));
    run.put("rpoSeconds", rs.getObject("rpo_seconds"));
    run.put("rpoTargetSeconds", rs.getObject("rpo_target"));
    run.put("rpoMet", rs.getObject("rpo_met"));
    run.put("backupAgeSeconds", rs.getObject("backup_age_seconds"));
    run.put("failure", rs.getString("failure"));
    run.put("incidentId", rs.getString("incident_id"));
    run.put("links", Map.of("report", "/api/v1/drills/" + drill + "/runs/" + rs.getString("run_id"),
        "timeline", "/api/v1/runs/" + rs.getString("workflow_id") + "/timeline"));
    return run;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
