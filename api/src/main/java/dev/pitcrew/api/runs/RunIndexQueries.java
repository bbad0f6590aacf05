package dev.pitcrew.api.runs;

import dev.pitcrew.workflows.run.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the runs index; every query is served by an index on (filter, started_at). */
@Repository
public class RunIndexQueries {
  private static final String COLUMNS =
      "workflow_id, run_id, run_type, status, phase, service, environment, severity, outcome, started_at, updated_at, "
          + "closed_at";

  private final JdbcClient jdbc;

  RunIndexQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One page, newest first, with one extra row fetched to tell whether another page follows. */
  public List<RunSummary> list(RunFilter filter) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from runs where true");
    List<Object> params = new ArrayList<>();
    if (filter.type() != null) {
      sql.append(" and run_type = ?");
      params.add(filter.type());
    }
    if (filter.status() != null) {
      sql.append(" and status = ?");
      params.add(filter.status());
    }
    if (filter.from() != null) {
      sql.append(" and started_at >= ?");
      params.add(Timestamp.from(filter.from()));
    }
    if (filter.to() != null) {
      sql.append(" and started_at < ?");
      params.add(Timestamp.from(filter.to()));
    }
    sql.append(" order by started_at desc, workflow_id desc limit ? offset ?");
    params.add(filter.size() + 1);
    params.add((long) filter.page() * filter.size());
    return jdbc.sql(sql.toString()).params(params).query(RunIndexQueries::summary).list();
  }

  /** The latest run under a workflow ID. */
  public Optional<RunSummary> find(String workflowId) {
    return jdbc.sql("select " + COLUMNS + " from runs where workflow_id = ? order by started_at desc limit 1")
        .param(workflowId)
        .query(RunIndexQueries::summary)
        .optional();
  }

  /**
   * Closes index rows Temporal reports closed while the workflow could not record it (terminated, timed out).
   * A workflow ID has at most one open run, so every row still RUNNING under it is stale.
   */
  public void reconcileClosed(String workflowId, RunStatus status, Instant closedAt) {
    jdbc.sql(
            "update runs set status = ?, closed_at = ?, updated_at = ?, outcome = coalesce(outcome, ?) "
                + "where workflow_id = ? and status = 'RUNNING'")
        .params(status.name(), Timestamp.from(closedAt), Timestamp.from(closedAt),
            "Closed by Temporal: " + status.name().toLowerCase().replace('_', ' '), workflowId)
        .update();
  }

  private static RunSummary summary(ResultSet rs, int row) throws SQLException {
    return new RunSummary(
        rs.getString("workflow_id"),
        rs.getString("run_id"),
        rs.getString("run_type"),
        rs.getString("status"),
        rs.getString("phase"),
        rs.getString("service"),
        rs.getString("environment"),
        rs.getString("severity"),
        rs.getString("outcome"),
        instant(rs.getTimestamp("started_at")),
        instant(rs.getTimestamp("updated_at")),
        instant(rs.getTimestamp("closed_at")));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
