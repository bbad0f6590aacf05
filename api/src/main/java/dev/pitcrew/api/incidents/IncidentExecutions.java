package dev.pitcrew.api.incidents;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What Temporal holds under an incident ID: the one place that decides whether an ID names an incident's workflow
 * and whether that workflow still runs, for steering (404/409), reading (Temporal or the table) and intake (join
 * or open).
 */
@Component
class IncidentExecutions {
  private static final String WORKFLOW_TYPE = IncidentWorkflow.class.getSimpleName();

  private final WorkflowClient client;
  private final TemporalCalls temporal;

  IncidentExecutions(WorkflowClient client, TemporalCalls temporal) {
    this.client = client;
    this.temporal = temporal;
  }

  /**
   * Temporal's status of the incident workflow under {@code incidentId}; empty when Temporal holds no incident
   * under that ID (never started, retention passed, or a run of another type). Temporal not answering is a 503.
   */
  Optional<WorkflowExecutionStatus> describe(String incidentId) {
    WorkflowExecutionDescription description;
    try {
      description = temporal.call(incidentId, () -> client.newUntypedWorkflowStub(incidentId).describe());
    } catch (ApiException unknown) {
      if (unknown.status() == HttpStatus.NOT_FOUND) {
        return Optional.empty();
      }
      throw unknown;
    }
    if (!WORKFLOW_TYPE.equals(description.getWorkflowType())) {
      return Optional.empty();
    }
    return Optional.of(description.getStatus());
  }

  /** True while the incident's workflow runs; false once it has ended or when there is none. */
  boolean isRunning(String incidentId) {
    return describe(incidentId).filter(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING::equals).isPresent();
  }

  /** The 404 for an ID that names no incident; it says "incident", not "run": the caller named an incident. */
  static ApiException notAnIncident(String incidentId) {
    return ApiException.notFound("No incident with ID '" + incidentId + "'");
  }
}
