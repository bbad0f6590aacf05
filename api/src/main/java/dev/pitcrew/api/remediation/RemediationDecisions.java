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
 * A person's approval or rejection of a remediation waiting for one, for the REST API and the console alike: a
 * Workflow Update whose validator holds the rule; its refusal comes back as 403 (not theirs to make) or 409 (nothing
 * to decide) with the workflow's reason.
 */
@Service
class RemediationDecisions {
  static final String APPROVE_PERMISSION = "remediation.approve";

  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final Access access;

  RemediationDecisions(WorkflowClient client, TemporalCalls temporal, Access access) {
    this.client = client;
    this.temporal = temporal;
    this.access = access;
  }

  ApprovalOutcome decide(String workflowId, boolean approve, String reason) {
    checkId(workflowId);
    // The permission also travels into the workflow, whose validator holds the rule for every channel.
    ApprovalDecision asked = new ApprovalDecision(access.identity(), approve, reason, access.can(APPROVE_PERMISSION));
    RemediationWorkflow remediation = client.newWorkflowStub(RemediationWorkflow.class, workflowId);
    try {
      return temporal.call(workflowId, () -> remediation.decide(asked));
    } catch (WorkflowUpdateException refused) {
      Throwable cause = refused.getCause();
      String message = cause instanceof ApplicationFailure failure ? failure.getOriginalMessage() : refused.getMessage();
      if (cause instanceof ApplicationFailure failure && "Forbidden".equals(failure.getType())) {
        throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden", message, List.of(), Map.of());
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
