package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.drill.DrillIncident;
import dev.pitcrew.workflows.drill.DrillReport;
import dev.pitcrew.workflows.drill.DrillReportActivities;
import dev.pitcrew.workflows.incident.Alert;
import dev.pitcrew.workflows.incident.AlertStatus;
import dev.pitcrew.workflows.incident.IncidentIds;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Severity;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Stores drill reports in {@code drill_runs}, keeps the drill gauges, and opens incidents for failed drills. */
@Component
public class DrillReportActivitiesImpl implements DrillReportActivities {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;
  private final DrillMetrics metrics;

  public DrillReportActivitiesImpl(JdbcClient jdbc, DrillMetrics metrics) {
    this.jdbc = jdbc;
    this.metrics = metrics;
  }

  @Override
  public void record(DrillReport report) {
    int inserted = jdbc.sql("""
            insert into drill_runs (run_id, workflow_id, drill_name, status, started_at, finished_at, rto_seconds,
                                    rpo_seconds, rto_met, rpo_met, backup_age_seconds, incident_id, report)
            values (:runId, :workflowId, :drill, :status, :startedAt, :finishedAt, :rto, :rpo, :rtoMet, :rpoMet,
                    :backupAge, :incident, cast(:report as jsonb))
            on conflict (run_id) do nothing""")
        .param("runId", report.runId())
        .param("workflowId", report.workflowId())
        .param("drill", report.drill())
        .param("status", report.status())
        .param("startedAt", Timestamp.from(Instant.ofEpochMilli(report.startedAtMillis())))
        .param("finishedAt", Timestamp.from(Instant.ofEpochMilli(report.finishedAtMillis())))
        .param("rto", report.rtoSeconds())
        .param("rpo", report.rpoSeconds())
        .param("rtoMet", report.rtoMet())
        .param("rpoMet", report.rpoMet())
        .param("backupAge", report.backupAgeSeconds())
        .param("incident", report.incidentId())
        .param("report", JSON.writeValueAsString(report))
        .update();
    if (inserted > 0) {
      metrics.recorded(report);
    }
  }

  /**
   * Through the incident family's own entry: signal-with-start on the workflow of dedup key {@code drill:<name>},
   * so the next failure of the same drill joins the incident while it is open. Once that incident has ended (its
   * ID is then refused), the run opens one of its own under {@code drill:<name>#<workflow ID>}.
   */
  @Override
  public String openIncident(DrillIncident incident) {
    WorkflowClient client = Activity.getExecutionContext().getWorkflowClient();
    String shared = IncidentIds.workflowIdFor(incident.dedupKey());
    if (deliver(client, shared, incident, incident.dedupKey())) {
      return shared;
    }
    String own = incident.dedupKey() + "#" + incident.workflowId();
    String ownId = IncidentIds.workflowIdFor(own);
    deliver(client, ownId, incident, own);
    return ownId;
  }

  private static boolean deliver(WorkflowClient client, String incidentId, DrillIncident incident, String dedupKey) {
    Severity severity = Severity.valueOf(incident.severity());
    IncidentInput opening = IncidentInput.open(dedupKey, incident.service(), severity, incident.title(),
        incident.details() + "\nReport: " + incident.reportPath(), "drill", "drill " + incident.drill(), null);
    Alert alert = new Alert("drill " + incident.drill(), "drill", dedupKey, AlertStatus.FIRING,
        incident.title() + ": " + incident.details());
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put("type", IncidentWorkflow.RUN_TYPE);
    memo.put("service", incident.service());
    memo.put("severity", severity.name());
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(incidentId)
        .setTaskQueue(TaskQueues.OPERATIONS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setMemo(memo)
        .build();
    try {
      client.newUntypedWorkflowStub(IncidentWorkflow.class.getSimpleName(), options)
          .signalWithStart(IncidentWorkflow.ALERT_SIGNAL, new Object[] {alert}, new Object[] {opening});
      return true;
    } catch (WorkflowExecutionAlreadyStarted ended) {
      return false;
    }
  }
}
