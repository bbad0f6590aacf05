package dev.pitcrew.api.incidents;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.LostRuns;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.incident.Acknowledge;
import dev.pitcrew.workflows.incident.ChangeSeverity;
import dev.pitcrew.workflows.incident.Escalate;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Note;
import dev.pitcrew.workflows.incident.Resolve;
import dev.pitcrew.workflows.incident.StakeholderUpdate;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Sends a person's decision to an incident, from whichever door it came through (API, Slack, PagerDuty). The
 * workflow applies signals strictly in arrival order, so an acknowledgement after a resolution is recorded and
 * ignored rather than reopening anything; this class only refuses what cannot be delivered at all.
 */
@Service
public class IncidentCommands {
  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final IncidentExecutions executions;
  private final LostRuns lostRuns;

  IncidentCommands(WorkflowClient client, TemporalCalls temporal, IncidentExecutions executions, LostRuns lostRuns) {
    this.lostRuns = lostRuns;
    this.client = client;
    this.temporal = temporal;
    this.executions = executions;
  }

  public void acknowledge(String incidentId, Acknowledge acknowledge) {
    send(incidentId, IncidentWorkflow.ACKNOWLEDGE_SIGNAL, acknowledge);
  }

  public void escalate(String incidentId, Escalate escalate) {
    send(incidentId, IncidentWorkflow.ESCALATE_SIGNAL, escalate);
  }

  public void resolve(String incidentId, Resolve resolve) {
    send(incidentId, IncidentWorkflow.RESOLVE_SIGNAL, resolve);
  }

  public void changeSeverity(String incidentId, ChangeSeverity change) {
    send(incidentId, IncidentWorkflow.CHANGE_SEVERITY_SIGNAL, change);
  }

  public void note(String incidentId, Note note) {
    send(incidentId, IncidentWorkflow.NOTE_SIGNAL, note);
  }

  public void stakeholderUpdate(String incidentId, StakeholderUpdate update) {
    send(incidentId, IncidentWorkflow.STAKEHOLDER_UPDATE_SIGNAL, update);
  }

  /** 404 for an ID that is not an incident; 409 once the incident's workflow has ended (nothing left to steer). */
  public void requireLive(String incidentId) {
    WorkflowExecutionStatus status =
        executions.describe(incidentId).orElseThrow(() -> lostRuns.lost(incidentId)
            .map(run -> LostRuns.problem(run, "steer it"))
            .orElseGet(() -> IncidentExecutions.notAnIncident(incidentId)));
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw ApiException.conflict(
          "Incident '" + incidentId + "' has ended (" + readable(status)
              + "); open a new incident for a new problem",
          Map.of("incidentId", incidentId, "workflowId", incidentId));
    }
  }

  private void send(String incidentId, String signal, Object payload) {
    requireLive(incidentId);
    temporal.run(incidentId, () -> client.newUntypedWorkflowStub(incidentId).signal(signal, payload));
  }

  private static String readable(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(java.util.Locale.ROOT);
  }
}
