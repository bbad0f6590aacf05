package dev.pitcrew.api.incidents;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.LostRuns;
import dev.pitcrew.api.runs.RunDecisions;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.incident.Acknowledge;
import dev.pitcrew.workflows.incident.ChangeSeverity;
import dev.pitcrew.workflows.incident.Escalate;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Note;
import dev.pitcrew.workflows.incident.Resolve;
import dev.pitcrew.workflows.incident.StakeholderUpdate;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Sends a person's decision or note to an incident, from whichever door it came through (API, Slack, PagerDuty).
 * Decisions (acknowledge, escalate, resolve, severity) are Workflow Updates answered synchronously: the incident's
 * status, or a 409 with the workflow's reason (an acknowledgement after a resolution, a second acknowledgement).
 * The rule is the workflow's alone; this class only refuses what cannot be delivered at all.
 */
@Service
public class IncidentCommands {
  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final IncidentExecutions executions;
  private final LostRuns lostRuns;
  private final RunDecisions decisions;
  private final IncidentTable table;

  IncidentCommands(WorkflowClient client, TemporalCalls temporal, IncidentExecutions executions, LostRuns lostRuns,
      RunDecisions decisions, IncidentTable table) {
    this.table = table;
    this.lostRuns = lostRuns;
    this.decisions = decisions;
    this.client = client;
    this.temporal = temporal;
    this.executions = executions;
  }

  public IncidentStatus acknowledge(String incidentId, Acknowledge acknowledge) {
    return decide(incidentId, IncidentWorkflow.ACKNOWLEDGE, acknowledge);
  }

  public IncidentStatus escalate(String incidentId, Escalate escalate) {
    return decide(incidentId, IncidentWorkflow.ESCALATE, escalate);
  }

  public IncidentStatus resolve(String incidentId, Resolve resolve) {
    return decide(incidentId, IncidentWorkflow.RESOLVE, resolve);
  }

  public IncidentStatus changeSeverity(String incidentId, ChangeSeverity change) {
    return decide(incidentId, IncidentWorkflow.CHANGE_SEVERITY, change);
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

  /** A decision, answered synchronously: the incident's status once applied, or 409 naming why it was refused. */
  private IncidentStatus decide(String incidentId, String decision, Object payload) {
    requireLive(incidentId);
    return decisions.decide(incidentId, decision, IncidentStatus.class, payload);
  }

  /**
   * A note or stakeholder update. An incident whose record says it is not resolved yet gets the signal at once: its
   * workflow runs (the record names an incident's workflow, and it is written by that workflow), so asking Temporal
   * first ({@link #requireLive}, a describe per note) only cost the engine and this replica a round trip. Should
   * the workflow have ended all the same (terminated from outside Pitcrew), Temporal refuses the signal and the
   * answer is what it always was: {@link #requireLive}'s 404 or 409. Resolved or unrecorded incidents are checked
   * first, as before.
   */
  private void send(String incidentId, String signal, Object payload) {
    boolean recordedUnresolved = table.stateOf(incidentId).filter(state -> !"RESOLVED".equals(state)).isPresent();
    if (recordedUnresolved) {
      try {
        signal(incidentId, signal, payload);
        return;
      } catch (ApiException ended) {
        if (ended.status() != HttpStatus.NOT_FOUND) {
          throw ended;
        }
      }
    }
    requireLive(incidentId);
    signal(incidentId, signal, payload);
  }

  private void signal(String incidentId, String signal, Object payload) {
    temporal.run(incidentId, () -> client.newUntypedWorkflowStub(incidentId).signal(signal, payload));
  }

  private static String readable(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(java.util.Locale.ROOT);
  }
}
