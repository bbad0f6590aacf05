package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.workflows.remediation.ApprovalDecision;
import dev.pitcrew.workflows.remediation.ApprovalOutcome;
import dev.pitcrew.workflows.remediation.RemediationIds;
import dev.pitcrew.workflows.remediation.RemediationWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Sends an approval or rejection to a remediation as its {@code decide} Update and waits for the outcome, for every
 * door (REST, the console, the Slack buttons). The workflow's validator holds the rule: the caller only says who
 * decides and whether they hold {@code remediation.approve}; a refusal comes back as 403 (not theirs to make) or 409
 * (not waiting, already decided) naming the workflow's reason.
 */
@Service
class RemediationDecisions {
  static final String PERMISSION = "remediation.approve";

  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final Access access;

  RemediationDecisions(WorkflowClient client, TemporalCalls temporal, Access access) {
    this.client = client;
    this.temporal = temporal;
    this.access = access;
  }

  /** The signed-in caller's decision (REST, console). */
  ApprovalOutcome decide(String workflowId, boolean approve, String reason) {
    checkId(workflowId);
    // The permission also travels into the workflow, whose validator holds the rule for every channel.
    return decide(workflowId, new ApprovalDecision(access.identity(), approve, reason, access.can(PERMISSION)));
  }

  /** A decision whose decider the door has already established (a Slack click maps its user to an account). */
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

  static void checkId(String workflowId) {
    if (workflowId == null || !workflowId.startsWith(RemediationIds.PREFIX) || workflowId.length() > 200) {
      throw ApiException.badField("workflowId", "must be a remediation's ID (" + RemediationIds.PREFIX + "...)");
    }
  }
}
