package dev.pitcrew.workflows.run;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Keeps Pitcrew's runs index (the list the API and console read) in step with the workflows. */
@ActivityInterface
public interface RunIndexActivities {

  /** Idempotent: the index keeps the record with the highest sequence for each workflow ID. */
  @ActivityMethod(name = "RecordRunProgress")
  void recordProgress(RunProgress progress);
}
