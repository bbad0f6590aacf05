package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.remediation.ApprovalDecision;
import dev.pitcrew.workflows.remediation.ApprovalOutcome;
import dev.pitcrew.workflows.remediation.RemediationWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Sends an approval or rejection to a remediation as its {@code decide} Update and waits for the outcome, for every
 * door (REST, the Slack buttons). The workflow's validator holds the rule: the caller only says who decides and
 * whether they hold {@code remediation.approve}; a refusal comes back as 403 (no permission) or 409 (not waiting,
 * already decided) naming the workflow's reason.
 */
@Component
class RemediationDecisions {
  static final String PERMISSION = "remediation.approve";

  private final WorkflowClient client;
  private final TemporalCalls temporal;

  RemediationDecisions(WorkflowClient client, TemporalCalls temporal) {
    this.client = client;
    this.temporal = temporal;
  }

  ApprovalOutcome decide(String workflowId, ApprovalDecision decision) {
    RemediationWorkflow remediation = client.newWorkflowStub(RemediationWorkflow.class, workflowId);
    try {
      return temporal.call(workflowId, () -> remediation.decide(decision));
    } catch (WorkflowUpdateException refused) {
      Throwable cause = refused.getCause();
      String message = cause instanceof ApplicationFailure failure ? failure.getOriginalMessage() : refused.getMessage();
      if (cause instanceof ApplicationFailure failure && "Forbidden".equals(failure.getType())) {
        throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden", message, List.of(), Map.of("workflowId", workflowId));
      }
      throw ApiException.conflict(message, Map.of("workflowId", workflowId));
    }
  }
}
