package dev.pitcrew.workflows.drill;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The drill's hands on Velero and the Kubernetes namespace it restores (target kind {@code velero}). Every method is
 * safe to retry: a backup or restore is named after the run, so a retry after a crash finds the one its earlier
 * attempt made and waits for it instead of making a second; deleting a scratch namespace that is gone is a no-op.
 * The long ones heartbeat and stop waiting when the run is cancelled.
 */
@ActivityInterface
public interface VeleroDrillActivities {

  /** The newest Completed backup of the target's Velero Schedule; fails {@code NoBackup} when there is none. */
  @ActivityMethod(name = "VeleroDrillLatestBackup")
  BackupInfo latestBackup(DrillDefinition definition);

  /** Creates the Velero Backup {@code backupName} of the namespace (unless it exists) and waits for it to complete. */
  @ActivityMethod(name = "VeleroDrillTakeBackup")
  BackupInfo takeBackup(DrillDefinition definition, String backupName);

  /**
   * Creates the Velero Restore named {@code scratchNamespace} (unless it exists) mapping the namespace into
   * {@code scratchNamespace}, and waits for it to end. Completed: exit code 0; PartiallyFailed: exit code 1 with
   * Velero's warnings and errors as the outcome's errors; Failed or a timeout fails the step.
   */
  @ActivityMethod(name = "VeleroDrillRestore")
  RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratchNamespace);

  /** Waits for the scratch namespace's pods to be Ready, then runs the smoke checks and Prometheus queries. */
  @ActivityMethod(name = "VeleroDrillVerify")
  VerificationOutcome verify(DrillDefinition definition, String scratchNamespace);

  /**
   * Deletes the scratch namespace; true when there was one. Fails (retried) while its Restore is still running, as
   * Velero would recreate what was deleted under it.
   */
  @ActivityMethod(name = "VeleroDrillCleanUp")
  boolean cleanUp(DrillDefinition definition, String scratchNamespace);
}
