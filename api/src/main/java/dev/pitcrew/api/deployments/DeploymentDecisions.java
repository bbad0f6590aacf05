package dev.pitcrew.api.deployments;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.runs.RunAuthorizer;
import dev.pitcrew.api.runs.RunSignals;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import dev.pitcrew.workflows.deploy.DeploymentStatus;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends an operator's approve, reject, abort or rollback to a deployment, for the REST API and Slack alike. The
 * workflow has the last word and records every decision; a requester approving their own production deployment is
 * additionally answered 403 here, so they learn at once that it did not count.
 */
@Service
public class DeploymentDecisions {
  public static final List<String> SIGNALS =
      List.of(
          BlueGreenDeploymentWorkflow.APPROVE_SIGNAL,
          BlueGreenDeploymentWorkflow.REJECT_SIGNAL,
          BlueGreenDeploymentWorkflow.ABORT_SIGNAL,
          BlueGreenDeploymentWorkflow.ROLLBACK_SIGNAL);

  private final DeploymentInspector inspector;
  private final RunSignals signals;
  private final RequestReader reader;

  DeploymentDecisions(DeploymentInspector inspector, RunSignals signals, RequestReader reader) {
    this.inspector = inspector;
    this.signals = signals;
    this.reader = reader;
  }

  /** For Slack, which checked the clicker's permission: the decision of {@code by}, with an optional reason. */
  public void send(String workflowId, String signal, String by, String reason) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("by", by);
    if (reason != null) {
      body.put("reason", reason);
    }
    send(workflowId, signal, body, RunAuthorizer.CHECKED_BY_CALLER);
  }

  /**
   * 404 for anything but a deployment, 400 naming a bad field, 403 unless {@code authorizer} allows the decision in
   * the deployment's environment or for self-approval, 409 once it has ended.
   */
  public void send(String workflowId, String signal, JsonNode body, RunAuthorizer authorizer) {
    if (!SIGNALS.contains(signal)) {
      throw ApiException.badField("signal", "'" + signal + "' is not a deployment decision; one of " + SIGNALS);
    }
    if (body == null || body.isNull() || body.isMissingNode()) {
      throw ApiException.badField("by", "is required: send {\"by\": \"<who>\", \"reason\": \"<why>\"}");
    }
    DeploymentDecision decision = reader.read(body, DeploymentDecision.class, "");
    authorizer.authorize(signal, inspector.requireDeployment(workflowId));
    boolean selfApproval = BlueGreenDeploymentWorkflow.APPROVE_SIGNAL.equals(signal) && isSelfApproval(workflowId,
        decision.by());
    // Sent even when it will not count: the workflow records it, so the attempt is in the audit trail.
    signals.send(workflowId, signal, body);
    if (selfApproval) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "Self-approval refused",
          decision.by() + " requested this production deployment and may not approve it; the attempt is recorded "
              + "in its decisions. Another approver must approve.",
          List.of(),
          Map.of("workflowId", workflowId));
    }
  }

  private boolean isSelfApproval(String workflowId, String by) {
    DeploymentStatus status;
    try {
      status = inspector.status(workflowId);
    } catch (RuntimeException e) {
      return false; // The workflow applies the rule itself; this check only makes the answer clearer.
    }
    return status.strategy() != null
        && status.strategy().forbidSelfApproval()
        && by.equalsIgnoreCase(status.requestedBy());
  }
}
