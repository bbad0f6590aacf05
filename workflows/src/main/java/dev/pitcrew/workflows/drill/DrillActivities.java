package dev.pitcrew.workflows.drill;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The drill's hands on the database and the backups. Every method is safe to retry: a retried backup writes the
 * same file, a retried restore finds a restore that already completed and does not repeat it, a retried drop of
 * the scratch database finds it gone. The long ones heartbeat and stop their tool when the run is cancelled.
 */
@ActivityInterface
public interface DrillActivities {

  /** The drill's current definition; fails {@code DrillNotFound} (not retried) when there is none. */
  @ActivityMethod(name = "DrillDefinition")
  DrillDefinition definition(String drill);

  /** The newest existing backup of mode {@code latest}; fails {@code NoBackup} when there is none. */
  @ActivityMethod(name = "DrillLatestBackup")
  BackupInfo latestBackup(DrillDefinition definition);

  /**
   * Takes a fresh {@code pg_dump -Fc} named {@code backupName}, counting rows and checksumming the chosen tables
   * in the dump's own snapshot. Fails {@code ToolVersionMismatch} (not retried) naming both versions when pg_dump
   * is older than the server.
   */
  @ActivityMethod(name = "DrillTakeBackup")
  BackupInfo takeBackup(DrillDefinition definition, String backupName);

  /**
   * Takes a fresh dump named {@code backupName} and restores it into {@code scratchDatabase} at the same time:
   * {@code pg_dump} feeds {@code pg_restore} while the stream is also written to the dump file, and the source's
   * counts and checksums are read in the dump's snapshot meanwhile. A retry after a completed stream (its worker
   * went away before reporting) finds the restore and the dump's evidence on the scratch database and does not
   * repeat it; a retry after an interrupted one drops the half-restored scratch database and streams again, from a
   * new snapshot. Fails {@code ToolVersionMismatch} (not retried) as {@link #takeBackup} does.
   */
  @ActivityMethod(name = "DrillStreamRestore")
  StreamedRestore backUpWhileRestoring(DrillDefinition definition, String backupName, String scratchDatabase);

  /** Restores {@code backup} into a new database {@code scratchDatabase} on the target's server. */
  @ActivityMethod(name = "DrillRestore")
  RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratchDatabase);

  /** Checks the restored copy: row counts and checksums against the backup's, SQL assertions, table count. */
  @ActivityMethod(name = "DrillVerify")
  VerificationOutcome verify(DrillDefinition definition, BackupInfo backup, String scratchDatabase);

  /**
   * Recovery mode: the newest {@code *.dump} in the backup directory taken at or before {@code pointInTimeMillis};
   * fails {@code NoBackup} when there is none.
   */
  @ActivityMethod(name = "DrillBackupAt")
  BackupInfo backupAt(DrillDefinition definition, long pointInTimeMillis);

  /**
   * Recovery mode: renames the target database to {@code keptAs} and the restored {@code scratchDatabase} to the
   * target's name (connections to both are ended first). Safe to retry: a promotion already done is found and not
   * repeated; true when this call did it.
   */
  @ActivityMethod(name = "DrillPromote")
  boolean promote(DrillDefinition definition, String scratchDatabase, String keptAs);

  /** Drops the scratch database (and a dump this run took); true when there was something to drop. */
  @ActivityMethod(name = "DrillCleanUp")
  boolean cleanUp(DrillDefinition definition, String scratchDatabase, BackupInfo backupTaken);

  /**
   * Drops what a lost run of the drill left: its scratch database and the files named after it (the dump it took,
   * its restore log). Answers true when anything was there.
   */
  @ActivityMethod(name = "DrillCleanUpLeftovers")
  boolean cleanUpLeftovers(DrillDefinition definition, String scratchDatabase);
}
