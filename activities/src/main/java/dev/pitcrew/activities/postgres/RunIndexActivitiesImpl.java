package dev.pitcrew.activities.postgres;

import dev.pitcrew.activities.audit.AuditEvent;
import dev.pitcrew.activities.audit.AuditOutcome;
import dev.pitcrew.activities.audit.AuditTrail;
import dev.pitcrew.workflows.run.RunIndexActivities;
import dev.pitcrew.workflows.run.RunProgress;
import dev.pitcrew.workflows.text.StorableText;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes workflow progress into the {@code runs} table, and each phase a run enters (or ends in) into the audit
 * trail as the workflow's own action.
 */
@Component
public class RunIndexActivitiesImpl implements RunIndexActivities {
  // A retried or reordered write never moves a run backwards: the row only takes a later sequence.
  private static final String UPSERT =
      """
      insert into runs (workflow_id, run_id, run_type, status, phase, service, environment, severity, outcome,
                        sequence, started_at, updated_at, closed_at)
      values (:workflowId, :runId, :runType, :status, :phase, :service, :environment, :severity, :outcome,
              :sequence, :startedAt, :updatedAt, :closedAt)
      on conflict (workflow_id, run_id) do update set
          run_type = excluded.run_type, status = excluded.status, phase = excluded.phase,
          service = excluded.service, environment = excluded.environment, severity = excluded.severity,
          outcome = excluded.outcome, sequence = excluded.sequence, started_at = excluded.started_at,
          updated_at = excluded.updated_at, closed_at = excluded.closed_at
      where runs.sequence < excluded.sequence
      """;

  private final AuditTrail audit;

  public RunIndexActivitiesImpl(AuditTrail audit) {
    this.audit = audit;
  }

  @Override
  public void recordProgress(RunProgress progress) {
    // The upsert and its phase row commit together, one transaction per write (grouped with concurrent audit
    // appends); if that shared transaction fails, the trail makes the upsert alone and appends the row as before.
    audit.change(connection -> upsert(connection, progress));
  }

  /** The upsert; answers the phase row to audit, or null when the write moved nothing (retried or stale). */
  private static AuditEvent upsert(JdbcClient connection, RunProgress progress) {
    // Text here can carry vendor or failure text (an outcome quoting an exception); made storable so a NUL can
    // never fail the write that every workflow family waits on.
    Timestamp recordedAt = new Timestamp(progress.recordedAtMillis());
    int changed = connection.sql(UPSERT)
        .param("workflowId", progress.workflowId())
        .param("runId", progress.runId())
        .param("runType", progress.runType())
        .param("status", progress.status().name())
        .param("phase", StorableText.of(progress.phase()))
        .param("service", progress.labels().service())
        .param("environment", progress.labels().environment())
        .param("severity", progress.labels().severity())
        .param("outcome", StorableText.of(progress.outcome()))
        .param("sequence", progress.sequence())
        .param("startedAt", new Timestamp(progress.startedAtMillis()))
        .param("updatedAt", recordedAt)
        .param("closedAt", progress.status().isClosed() ? recordedAt : null)
        .update();
    // Only a write that moved the run on is audited: a retried or stale record changes nothing, so it is not a
    // second phase change. The trail never fails the activity because of the audit row alone.
    return changed > 0
        ? new AuditEvent("workflow:" + progress.workflowId(), AuditEvent.WORKFLOW, null, "phase " + progress.phase(),
            progress.workflowId(), AuditOutcome.ACCEPTED, null, recordedAt.toInstant())
        : null;
  }
}
