package dev.pitcrew.workflows.remediation;

/** The typed actions a runbook step may take. Each is idempotent across retries and worker crashes. */
public enum ActionType {
  /** Rolling restart of the target service's Deployments (the restart annotation carries the remediation's ID). */
  ROLLOUT_RESTART,
  /** Delete the target pod (its controller replaces it). */
  DELETE_POD,
  /** Set the replica count of the target service's Deployment, within the step's declared bounds. */
  SCALE,
  /** Mark the target node unschedulable. */
  CORDON_NODE,
  /** Create a Kubernetes Job from the step's template and wait for it to finish. */
  RUN_JOB,
  /** An HTTP request, e.g. a cache flush endpoint. */
  HTTP_CALL,
  /**
   * Roll the service's live blue-green deployment in the step's {@code environment} back to its still-warm previous
   * version: the deployment family's own {@code rollback} Update, so the deployment's validator decides whether it
   * can, and its timeline shows who asked.
   */
  ROLLBACK_DEPLOYMENT,
  /** Wait a fixed time (a durable timer) before the next step. */
  WAIT;

  /** Whether the action changes anything outside Pitcrew (dry-run skips exactly these). */
  public boolean writes() {
    return this != WAIT;
  }
}
