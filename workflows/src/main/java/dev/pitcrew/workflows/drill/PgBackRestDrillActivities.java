package dev.pitcrew.workflows.drill;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The drill's hands on pgBackRest and the scratch server it recovers (target kind {@code pgbackrest}). Every method
 * is safe to retry: the scratch data directory is named after the run and a completed recovery marks it, so a retry
 * after a crash keeps a finished one (and starts its server again if needed) and restores a half-finished one afresh;
 * cleaning up a scratch directory that is gone is a no-op. The long ones heartbeat and stop their tool when the run
 * is cancelled.
 */
@ActivityInterface
public interface PgBackRestDrillActivities {

  /**
   * The stanza's last restorable point ({@code pgbackrest info}: the newest backup's stop time, or the time the newest
   * archived WAL segment reached the repository when that is later); fails {@code NoBackup} when there is none and
   * {@code ToolVersionMismatch} when the worker's pgBackRest is older than the one that wrote the backup.
   */
  @ActivityMethod(name = "PgBackRestDrillLatestBackup")
  BackupInfo latestBackup(DrillDefinition definition);

  /** Runs {@code pgbackrest backup} of the target's type, then answers as {@link #latestBackup}. */
  @ActivityMethod(name = "PgBackRestDrillTakeBackup")
  BackupInfo takeBackup(DrillDefinition definition);

  /**
   * Restores the stanza into the scratch data directory {@code scratch} ({@code --type=time} to the target's point in
   * time, or to the end of the archive), starts a scratch server of the backup's major version on it on a free port
   * and waits until it has recovered and been promoted. A failure once the scratch data directory may exist carries
   * this worker host's task queue as its details, so the run's clean-up finds the host that holds it.
   */
  @ActivityMethod(name = "PgBackRestDrillRestore")
  RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratch);

  /** Checks the target's database on the scratch server: tables, counts, checksums, SQL assertions. */
  @ActivityMethod(name = "PgBackRestDrillVerify")
  VerificationOutcome verify(DrillDefinition definition, BackupInfo backup, String scratch);

  /** Stops the scratch server and deletes its data directory; true when there was something to remove. */
  @ActivityMethod(name = "PgBackRestDrillCleanUp")
  boolean cleanUp(DrillDefinition definition, String scratch);
}
