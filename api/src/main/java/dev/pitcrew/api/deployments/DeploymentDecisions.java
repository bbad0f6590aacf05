package dev.pitcrew.api.deployments;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.runs.RunAuthorizer;
import dev.pitcrew.api.runs.RunDecisions;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import dev.pitcrew.workflows.deploy.DecisionRecord;
import dev.pitcrew.workflows.deploy.OperatorDecision;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Sends an operator's approve, reject, abort or rollback to a deployment, for the REST API and Slack alike, and
 * returns the deployment's answer. Whether a decision can count (phase, already decided, the requester approving
 * their own production deployment) is the workflow's Update validator's rule alone; a refusal comes back as a
 * 409/403 problem with its reason.
 */
@Service
public class DeploymentDecisions {
  public static final List<String> DECISIONS =
      List.of(
          BlueGreenDeploymentWorkflow.APPROVE,
          BlueGreenDeploymentWorkflow.REJECT,
          BlueGreenDeploymentWorkflow.ABORT,
          BlueGreenDeploymentWorkflow.ROLLBACK);

  private final DeploymentInspector inspector;
  private final RunDecisions decisions;
  private final RequestReader reader;

  DeploymentDecisions(DeploymentInspector inspector, RunDecisions decisions, RequestReader reader) {
    this.inspector = inspector;
    this.decisions = decisions;
    this.reader = reader;
  }

  /** For Slack, which checked the clicker's permission: the decision of {@code by}, with an optional reason. */
  public DecisionRecord send(String workflowId, String decision, String by, String reason) {
    return decide(workflowId, decision, new OperatorDecision(by, reason), RunAuthorizer.CHECKED_BY_CALLER);
  }

  /**
   * 404 for anything but a deployment, 400 naming a bad field, 403 unless {@code authorizer} allows the decision in
   * the deployment's environment, then the workflow's answer: the decision as handled, or 409/403 naming why not.
   */
  public DecisionRecord send(String workflowId, String decision, JsonNode body, RunAuthorizer authorizer) {
    if (body == null || body.isNull() || body.isMissingNode()) {
      throw ApiException.badField("by", "is required: send {\"by\": \"<who>\", \"reason\": \"<why>\"}");
    }
    DeploymentDecision read = reader.read(body, DeploymentDecision.class, "");
    return decide(workflowId, decision, new OperatorDecision(read.by(), read.reason()), authorizer);
  }

  private DecisionRecord decide(
      String workflowId, String decision, OperatorDecision payload, RunAuthorizer authorizer) {
    if (!DECISIONS.contains(decision)) {
      throw ApiException.badField("decision", "'" + decision + "' is not a deployment decision; one of " + DECISIONS);
    }
    authorizer.authorize(decision, inspector.requireDeployment(workflowId));
    return decisions.decide(workflowId, decision, DecisionRecord.class, payload);
  }
}
