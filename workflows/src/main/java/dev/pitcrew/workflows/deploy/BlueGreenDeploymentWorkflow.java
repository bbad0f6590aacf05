package dev.pitcrew.workflows.deploy;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A blue-green deployment of one service to one environment: the new version starts beside the serving one, is
 * analysed behind a preview Service, approved, and receives traffic through a single selector switch; the previous
 * version stays warm for an instant rollback. See docs/deployment.md.
 *
 * <p>Start it with {@link #workflowId(String, String)} as the workflow ID and a "fail if already running" ID
 * conflict policy, so a service has at most one deployment per environment in flight.
 */
@WorkflowInterface
public interface BlueGreenDeploymentWorkflow extends PhaseAware {
  String RUN_TYPE = "deployment";
  String APPROVE = "approve";
  String REJECT = "reject";
  String ABORT = "abort";
  String ROLLBACK = "rollback";
  String STATUS_QUERY = "status";

  /**
   * The workflow ID of the deployment of {@code service} to {@code environment}. The separator cannot occur in
   * either name (both are DNS labels), so two pairs never share an ID.
   */
  static String workflowId(String service, String environment) {
    return "deploy-" + service + "@" + environment;
  }

  /** Runs the deployment; returns its final status once Promoted, RolledBack or Aborted, fails when Failed. */
  @WorkflowMethod
  DeploymentStatus deploy(DeploymentRequest request);

  // Decisions are Updates: each validator states when the decision can count, and refuses it otherwise (a Refusal
  // type the API turns into 409/403) before anything enters the history; the handler answers what it did.

  /** Promote (or, for an inconclusive analysis, carry on). Only while a question is open and unanswered. */
  @UpdateMethod(name = APPROVE)
  DecisionRecord approve(OperatorDecision decision);

  @UpdateValidatorMethod(updateName = APPROVE)
  void validateApprove(OperatorDecision decision);

  /** Do not promote (or treat an inconclusive analysis as failed). */
  @UpdateMethod(name = REJECT)
  DecisionRecord reject(OperatorDecision decision);

  @UpdateValidatorMethod(updateName = REJECT)
  void validateReject(OperatorDecision decision);

  /** Stop at any phase: traffic stays on, or returns to, the previous version. Refused once finishing. */
  @UpdateMethod(name = ABORT)
  DecisionRecord abort(OperatorDecision decision);

  @UpdateValidatorMethod(updateName = ABORT)
  void validateAbort(OperatorDecision decision);

  /**
   * Within the rollback window: flip traffic back to the still-warm previous version, without redeploying. Before
   * promotion it is an abort; refused once finishing or when no previous version is warm.
   */
  @UpdateMethod(name = ROLLBACK)
  DecisionRecord rollback(OperatorDecision decision);

  @UpdateValidatorMethod(updateName = ROLLBACK)
  void validateRollback(OperatorDecision decision);

  @QueryMethod(name = STATUS_QUERY)
  DeploymentStatus status();
}
