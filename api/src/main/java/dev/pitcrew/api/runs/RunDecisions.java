package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workflows.run.Refusal;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Sends a person's decision to a run as a Workflow Update and waits for the run's answer: the handler's result, or
 * the refusal its validator (or handler) gave, as a problem with the matching status (409 wrong phase or already
 * decided, 403 not theirs to make, 400 malformed) and the workflow's own reason. The rule lives in the workflow
 * only; the API and Slack relay the answer. Refused requests reach the run's timeline through the audit trail.
 */
@Service
public class RunDecisions {
  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final RunInspector inspector;

  RunDecisions(WorkflowClient client, TemporalCalls temporal, RunInspector inspector) {
    this.client = client;
    this.temporal = temporal;
    this.inspector = inspector;
  }

  /** 404 unknown run, 409 once it has ended, then the run's answer (see the class comment). */
  public <R> R decide(String workflowId, String decision, Class<R> resultType, Object payload) {
    return decide(workflowId, decision, decision, resultType, payload);
  }

  /** As above, naming the decision {@code label} in a refusal ("first-response refused: ..."). */
  public <R> R decide(String workflowId, String update, String label, Class<R> resultType, Object payload) {
    inspector.requireRunning(workflowId, label + " it");
    try {
      return temporal.call(workflowId,
          () -> client.newUntypedWorkflowStub(workflowId).update(update, resultType, payload));
    } catch (WorkflowUpdateException e) {
      throw refused(workflowId, label, e);
    }
  }

  private static RuntimeException refused(String workflowId, String decision, WorkflowUpdateException e) {
    if (!(e.getCause() instanceof ApplicationFailure failure)) {
      return e;
    }
    Refusal refusal = Refusal.ofType(failure.getType()).orElse(null);
    if (refusal == null) {
      return e;
    }
    return new ApiException(HttpStatus.valueOf(refusal.httpStatus()), "Decision refused",
        decision + " refused: " + failure.getOriginalMessage(), List.of(),
        Map.of("workflowId", workflowId, "decision", decision, "refusal", refusal.name()));
  }
}
