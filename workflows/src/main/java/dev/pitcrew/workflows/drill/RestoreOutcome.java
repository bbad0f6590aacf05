package dev.pitcrew.workflows.drill;

import java.util.List;

/**
 * What restoring the backup into the scratch database did.
 *
 * @param restoredOnAttempt the activity attempt whose pg_restore completed (a retry after a crash that finds the
 *     scratch database already restored reports the earlier attempt and {@code resumed})
 * @param resumed true when this attempt found the restore already done and did not restore again
 * @param exitCode pg_restore's exit code (non-zero: it reported errors, listed in {@code errors}; verification
 *     then decides whether the copy is usable)
 * @param recoveredToMillis a point-in-time restore: the last transaction the scratch server replayed before it was
 *     promoted (null for the other kinds, and when no transaction was replayed after the backup)
 * @param hostTaskQueue a point-in-time restore: the task queue of the worker host holding the scratch server and its
 *     data directory, where verification and clean-up must run (null for the other kinds)
 */
public record RestoreOutcome(
    String scratchDatabase,
    long bytes,
    long durationMillis,
    int restoredOnAttempt,
    boolean resumed,
    int exitCode,
    List<String> errors,
    Long recoveredToMillis,
    String hostTaskQueue) {

  public RestoreOutcome {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** A restore of a dump or a Velero backup, as recorded before point-in-time restores existed. */
  public RestoreOutcome(String scratchDatabase, long bytes, long durationMillis, int restoredOnAttempt,
      boolean resumed, int exitCode, List<String> errors) {
    this(scratchDatabase, bytes, durationMillis, restoredOnAttempt, resumed, exitCode, errors, null, null);
  }
}
