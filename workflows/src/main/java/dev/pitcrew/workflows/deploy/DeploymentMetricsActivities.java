package dev.pitcrew.workflows.deploy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Deployment metrics live in activity code: workflow code is replayed and must not touch meters. */
@ActivityInterface
public interface DeploymentMetricsActivities {

  @ActivityMethod(name = "RecordDeploymentOutcome")
  void recordOutcome(DeploymentOutcome outcome);
}
