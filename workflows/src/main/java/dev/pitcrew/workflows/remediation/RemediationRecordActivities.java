package dev.pitcrew.workflows.remediation;

import io.temporal.activity.ActivityInterface;

/** Pitcrew's records of remediations. */
@ActivityInterface
public interface RemediationRecordActivities {
  /** Stores the outcome (idempotent) and counts it in the auto-resolve metrics. */
  void recordOutcome(OutcomeRecord record);
}
