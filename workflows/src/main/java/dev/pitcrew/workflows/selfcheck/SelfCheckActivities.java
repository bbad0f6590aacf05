package dev.pitcrew.workflows.selfcheck;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface SelfCheckActivities {

  /** Checks that the worker running this activity reaches Pitcrew's database. */
  @ActivityMethod(name = "ProbeWorkerDependencies")
  ProbeReport probe();
}
