package dev.pitcrew.workflows.deploy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Pitcrew's own record of deployments (PostgreSQL): what the console's boards show without asking the workflow. */
@ActivityInterface
public interface DeploymentRecordActivities {

  /** Upserts the deployment's row; idempotent, and a late retry of an older record never overwrites a newer one. */
  @ActivityMethod(name = "RecordDeployment")
  void record(DeploymentRecord deployment);
}
