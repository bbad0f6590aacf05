package dev.pitcrew.activities.remediation;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.incident.Alert;
import dev.pitcrew.workflows.incident.AlertStatus;
import dev.pitcrew.workflows.incident.IncidentIds;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Note;
import dev.pitcrew.workflows.incident.Resolve;
import dev.pitcrew.workflows.incident.Severity;
import dev.pitcrew.workflows.remediation.Escalation;
import dev.pitcrew.workflows.remediation.EscalationActivities;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hands what a remediation could not fix to the incident family. Every remediation of one runbook on one service
 * escalates into the same incident (dedup key {@code remediation:<runbook>:<service>}) through signal-with-start,
 * so a storm of refusals or failures opens one incident and pages once; each remediation's attempts go on its
 * timeline as notes. Like the Alertmanager intake, a key whose incident has ended moves on to its next number.
 */
@Component
public class IncidentEscalationActivitiesImpl implements EscalationActivities {
  static final String SOURCE = "remediation";
  static final String ACTOR = "pitcrew";

  private final WorkflowClient client;
  private final JdbcClient jdbc;

  public IncidentEscalationActivitiesImpl(@Lazy WorkflowClient client, JdbcClient jdbc) {
    this.client = client;
    this.jdbc = jdbc;
  }

  @Override
  public String escalate(Escalation escalation) {
    String incidentId = escalation.incidentId() != null ? escalation.incidentId() : openOrJoin(escalation);
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, incidentId);
    for (String note : escalation.notes()) {
      incident.note(new Note(ACTOR, SOURCE, note));
    }
    return incidentId;
  }

  private String openOrJoin(Escalation escalation) {
    String key = escalation.dedupKey();
    Alert alert = new Alert(ACTOR, SOURCE, escalation.alertKey(), AlertStatus.FIRING, escalation.title());
    IncidentInput opening = IncidentInput.open(key, escalation.service(), severity(escalation.severity()),
        escalation.title(), escalation.details(), SOURCE, ACTOR, null);
    Optional<Integer> recorded = jdbc.sql("select count(*) from incidents where dedup_key = ?").param(key)
        .query(Integer.class).optional();
    int next = recorded.orElse(0) == 0 ? 1 : recorded.get();
    // The latest recorded incident first (it may still be open), then the ones after it.
    for (int n = next; n <= next + 2; n++) {
      String incidentId = IncidentIds.workflowIdFor(n <= 1 ? key : key + "#" + n);
      WorkflowOptions options = WorkflowOptions.newBuilder()
          .setWorkflowId(incidentId)
          .setTaskQueue(TaskQueues.OPERATIONS)
          .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
          .setMemo(Map.of("type", IncidentWorkflow.RUN_TYPE, "service", escalation.service(),
              "severity", opening.severity().name()))
          .build();
      try {
        client.newUntypedWorkflowStub(IncidentWorkflow.class.getSimpleName(), options)
            .signalWithStart(IncidentWorkflow.ALERT_SIGNAL, new Object[] {alert}, new Object[] {opening});
        return incidentId;
      } catch (WorkflowExecutionAlreadyStarted ended) {
        // that incident is over: the key's next one
      }
    }
    throw ApplicationFailure.newFailure("Incidents of " + key + " up to #" + (next + 2)
        + " have ended but are not on record; check that workers can write to PostgreSQL", "IncidentsUnrecorded");
  }

  @Override
  public void resolveIncident(String incidentId, String summary) {
    try {
      client.newWorkflowStub(IncidentWorkflow.class, incidentId).resolve(new Resolve(ACTOR, SOURCE, summary, List.of()));
    } catch (WorkflowNotFoundException gone) {
      // already closed: nothing left to resolve
    }
  }

  private static Severity severity(String name) {
    try {
      return name == null ? Severity.SEV3 : Severity.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return Severity.SEV3;
    }
  }
}
