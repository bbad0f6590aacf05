package dev.pitcrew.workflows.deploy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The Kubernetes side of a blue-green deployment: one Deployment per colour, an active and a preview Service whose
 * selectors choose a colour. Every method is idempotent, because Temporal retries activities after a worker dies.
 */
@ActivityInterface
public interface KubernetesRolloutActivities {
  /** The failure type when the new version does not become available in time; not retried. */
  String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
  /** The failure type when the cluster's objects are not in a shape Pitcrew can deploy to; not retried. */
  String UNMANAGEABLE = "UnmanageableTarget";

  /**
   * Writes the new version into the colour not serving traffic (copying the serving version's pod template and
   * applying the changes) and points the preview Service at it.
   */
  @ActivityMethod(name = "PrepareGreenDeployment")
  GreenDeployment prepareGreen(GreenSpec spec);

  /**
   * Waits, heartbeating, until the Deployment has observed its latest generation and runs the requested number of
   * updated, available replicas. Fails with {@link #PROGRESS_DEADLINE_EXCEEDED} when Kubernetes reports it or the
   * deadline passes.
   */
  @ActivityMethod(name = "AwaitDeploymentReady")
  Readiness awaitReady(ReadinessCheck check);

  @ActivityMethod(name = "ScaleDeployment")
  void scale(ScaleRequest request);

  /** Switches traffic with a single selector patch and reports how long it took. */
  @ActivityMethod(name = "PointServiceAtColour")
  TrafficSwitch pointServiceAt(ServiceSelection selection);
}
