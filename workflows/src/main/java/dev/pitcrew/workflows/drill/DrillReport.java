package dev.pitcrew.workflows.drill;

import java.util.List;

/**
 * The evidence of one drill run, stored in {@code drill_runs} and served by {@code GET /api/v1/drills/{name}/runs}.
 *
 * @param status PASSED, FAILED or CANCELLED
 * @param failure why it did not pass (null when it passed)
 * @param rtoSeconds restore start to verified (null when it never got verified)
 * @param rpoSeconds age of the restored point when verified
 * @param backupAgeSeconds age of the backup when the drill began
 * @param megabytesPerSecond dump size over restore duration
 * @param scratchDatabase where it was restored; {@code cleanedUp} says whether it is gone again
 * @param incidentId the incident a failure opened or joined
 * @param mode {@code DRILL} (restore into scratch and drop it) or {@code RECOVERY} (restore into the real place);
 *     null in reports of runs before recovery mode existed (drills)
 * @param recovery recovery mode only: the point asked for, who asked and approved, where the old database is kept
 */
public record DrillReport(
    String drill,
    String workflowId,
    String runId,
    String status,
    String failure,
    long startedAtMillis,
    long finishedAtMillis,
    List<DrillStep> steps,
    BackupInfo backup,
    RestoreOutcome restore,
    VerificationOutcome verification,
    Double rtoSeconds,
    Double rpoSeconds,
    Double backupAgeSeconds,
    Boolean rtoMet,
    Boolean rpoMet,
    long rtoTargetSeconds,
    long rpoTargetSeconds,
    Double megabytesPerSecond,
    String scratchDatabase,
    boolean cleanedUp,
    String incidentId,
    String mode,
    RecoveryEvidence recovery) {

  public static final String PASSED = "PASSED";
  public static final String FAILED = "FAILED";
  public static final String CANCELLED = "CANCELLED";
  public static final String DRILL = "DRILL";
  public static final String RECOVERY = "RECOVERY";

  public DrillReport {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public boolean passed() {
    return PASSED.equals(status);
  }

  /** One line for the run list and Slack. */
  public String summary() {
    StringBuilder line = new StringBuilder(RECOVERY.equals(mode) ? "Recovery of " : "Drill ").append(drill)
        .append(' ').append(status);
    if (rtoSeconds != null) {
      line.append(": RTO ").append(Math.round(rtoSeconds)).append("s (target ").append(rtoTargetSeconds).append("s)");
    }
    if (rpoSeconds != null) {
      line.append(", RPO ").append(Math.round(rpoSeconds)).append("s (target ").append(rpoTargetSeconds).append("s)");
    }
    if (megabytesPerSecond != null) {
      line.append(String.format(java.util.Locale.ROOT, ", %.1f MB/s", megabytesPerSecond));
    }
    if (failure != null) {
      line.append(" — ").append(failure);
    }
    return line.toString();
  }
}
