package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.run.RunStatus;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs the index says are running but the Temporal engine no longer holds: marked {@link RunStatus#LOST} by the
 * reconciliation, answered with one 409 "Run lost" problem by every action, closed by a person or by recovery.
 */
@Repository
public class LostRuns {
  /** Why a run is lost, whatever its kind; a deployment's reason adds what the cluster showed. */
  public static final String REASON =
      "the Temporal engine no longer holds this run: it was restarted without its state (in-process test server) "
          + "or its namespace was lost (or restored from an older backup)";

  private final JdbcClient jdbc;

  LostRuns(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A row of the runs index as the reconciliation needs it. */
  public record IndexedRun(
      String workflowId, String runId, String runType, String status, String phase, String service,
      String environment, String severity, int sequence, Instant startedAt, String lostReason) {}

  /** Every row still marked RUNNING, oldest first. */
  public List<IndexedRun> running() {
    return jdbc.sql("select * from runs where status = 'RUNNING' order by started_at")
        .query((rs, n) -> row(rs))
        .list();
  }

  /** The latest run under a workflow ID when it is LOST. */
  public Optional<IndexedRun> lost(String workflowId) {
    return jdbc.sql("select * from runs where workflow_id = ? order by started_at desc, updated_at desc limit 1")
        .param(workflowId)
        .query((rs, n) -> row(rs))
        .optional()
        .filter(run -> RunStatus.LOST.name().equals(run.status()));
  }

  /** Marks one run LOST; false when it was no longer RUNNING (another instance or the workflow got there first). */
  public boolean markLost(String workflowId, String runId, String reason) {
    Timestamp now = Timestamp.from(Instant.now());
    return jdbc.sql(
            "update runs set status = 'LOST', lost_reason = ?, outcome = ?, updated_at = ? "
                + "where workflow_id = ? and run_id = ? and status = 'RUNNING'")
        .params(reason, "Lost: " + reason, now, workflowId, runId)
        .update() == 1;
  }

  /** A lost run that Pitcrew recovered as a new run under the same workflow ID: closed, naming its successor. */
  public void markRecovered(String workflowId, String runId, String newRunId) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql(
            "update runs set status = 'CLOSED_LOST', recovered_as = ?, closed_at = ?, updated_at = ?, "
                + "outcome = coalesce(outcome, 'Lost') || '; recovered as run ' || ? "
                + "where workflow_id = ? and run_id = ? and status in ('RUNNING', 'LOST')")
        .params(newRunId, now, now, newRunId, workflowId, runId)
        .update();
  }

  /**
   * Records the recovered run so the run list shows it at once (a recovered incident records nothing until its
   * next change): same start, the lost run's sequence, so the workflow's own records overwrite it.
   */
  @Transactional
  public void recordRecoveredRun(IndexedRun lost, String newRunId, String phase) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql(
            "insert into runs (workflow_id, run_id, run_type, status, phase, service, environment, severity, "
                + "outcome, sequence, started_at, updated_at) values (?, ?, ?, 'RUNNING', ?, ?, ?, ?, null, ?, ?, ?) "
                + "on conflict (workflow_id, run_id) do nothing")
        .params(lost.workflowId(), newRunId, lost.runType(), phase, lost.service(), lost.environment(),
            lost.severity(), lost.sequence(), Timestamp.from(lost.startedAt()), now)
        .update();
  }

  /**
   * Closes a LOST run by hand: it leaves the lost list and every open list. The newest LOST run under the ID, even
   * when a newer run (the new deployment started in its place) runs under the same ID.
   */
  public IndexedRun close(String workflowId, String by, String reason) {
    IndexedRun lost = jdbc.sql("select * from runs where workflow_id = ? and status = 'LOST' "
            + "order by started_at desc limit 1")
        .param(workflowId)
        .query((rs, n) -> row(rs))
        .optional()
        .orElseThrow(() -> ApiException.conflict(
        "Run '" + workflowId + "' is not lost; only a LOST run can be closed this way (use cancel for a running one)",
        Map.of("workflowId", workflowId)));
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql(
            "update runs set status = 'CLOSED_LOST', closed_at = ?, updated_at = ?, outcome = ? "
                + "where workflow_id = ? and run_id = ? and status = 'LOST'")
        .params(now, now, "Lost, closed by " + by + (reason == null || reason.isBlank() ? "" : ": " + reason),
            workflowId, lost.runId())
        .update();
    return lost;
  }

  /** The one answer every action on a LOST run gets. */
  public static ApiException problem(IndexedRun run, String action) {
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("runStatus", RunStatus.LOST.name());
    extras.put("workflowId", run.workflowId());
    extras.put("runId", run.runId());
    extras.put("reason", run.lostReason() == null ? REASON : run.lostReason());
    extras.put("whatToDo", whatToDo(run));
    return new ApiException(org.springframework.http.HttpStatus.CONFLICT, "Run lost",
        "Run '" + run.workflowId() + "' is lost (" + extras.get("reason") + "); cannot " + action + ". "
            + whatToDo(run),
        List.of(), extras);
  }

  static String whatToDo(IndexedRun run) {
    String close = " Then close it: POST /api/v1/runs/" + run.workflowId() + "/close {\"reason\": \"...\"}.";
    if (BlueGreenDeploymentWorkflow.RUN_TYPE.equals(run.runType())) {
      return "Nothing was done to the cluster. Check which colour has traffic, then start a new deployment, or a "
          + "rollback/abort as a new run (POST /api/v1/deployments)." + close;
    }
    if (IncidentWorkflow.RUN_TYPE.equals(run.runType())) {
      return "Pitcrew recovers open incidents from PostgreSQL; this one could not be recovered. Declare a new "
          + "incident if the problem persists." + close;
    }
    if (TicketSlaWorkflow.RUN_TYPE.equals(run.runType())) {
      return "Pitcrew recovers open tickets from PostgreSQL; this one could not be recovered. Send the ticket's "
          + "next event through its source to start it again." + close;
    }
    return "Start a new run if the work is still needed." + close;
  }

  private static IndexedRun row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new IndexedRun(rs.getString("workflow_id"), rs.getString("run_id"), rs.getString("run_type"),
        rs.getString("status"), rs.getString("phase"), rs.getString("service"), rs.getString("environment"),
        rs.getString("severity"), rs.getInt("sequence"), rs.getTimestamp("started_at").toInstant(),
        rs.getString("lost_reason"));
  }
}
