package dev.pitcrew.workflows.deploy;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
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
  String APPROVE_SIGNAL = "approve";
  String REJECT_SIGNAL = "reject";
  String ABORT_SIGNAL = "abort";
  String ROLLBACK_SIGNAL = "rollback";
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

  /** Promote (or, for an inconclusive analysis, carry on). Ignored and recorded when nothing awaits a decision. */
  @SignalMethod(name = APPROVE_SIGNAL)
  void approve(OperatorDecision decision);

  /** Do not promote (or treat an inconclusive analysis as failed). */
  @SignalMethod(name = REJECT_SIGNAL)
  void reject(OperatorDecision decision);

  /** Stop at any phase: traffic stays on, or returns to, the previous version. */
  @SignalMethod(name = ABORT_SIGNAL)
  void abort(OperatorDecision decision);

  /** Within the rollback window: flip traffic back to the still-warm previous version, without redeploying. */
  @SignalMethod(name = ROLLBACK_SIGNAL)
  void rollback(OperatorDecision decision);

  @QueryMethod(name = STATUS_QUERY)
  DeploymentStatus status();
}
