package dev.pitcrew.workflows.drill;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A PostgreSQL cluster backed up physically by pgBackRest (target kind {@code pgbackrest}): the stanza's backup and
 * archived WAL are restored with point-in-time recovery into a scratch data directory on the worker, a scratch server
 * of the same major version recovers on it to {@code pointInTime} and is promoted, and the database named by the
 * target's connection fields is verified in it. The scratch server is stopped and its directory deleted whatever
 * happened.
 *
 * @param stanza the pgBackRest stanza
 * @param config the worker's {@code pgbackrest.conf} for this stanza (absolute path); null: pgBackRest's default
 * @param repoPath {@code repo1-path} (absolute path), when the config file does not say it
 * @param pointInTime {@code latest} (default: replay every archived WAL segment) or an ISO-8601 instant to recover to
 * @param backupType the type of backup a drill takes with backup mode {@code dump}: {@code full}, {@code diff} or
 *     {@code incr} (default; pgBackRest makes it full when there is no full backup yet)
 * @param restoreTimeoutMinutes how long restoring and recovering may take before the step fails (default 240)
 */
public record PgBackRestTarget(
    String stanza,
    String config,
    String repoPath,
    String pointInTime,
    String backupType,
    Integer restoreTimeoutMinutes) {
  /** The drill's restore step may run 6 hours (its start-to-close timeout): restore and recovery must fit in it. */
  public static final int MAX_RESTORE_TIMEOUT_MINUTES = 360;
  public static final String LATEST = "latest";
  private static final Pattern STANZA = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final List<String> BACKUP_TYPES = List.of("full", "diff", "incr");

  public PgBackRestTarget {
    pointInTime = pointInTime == null ? LATEST : pointInTime;
    backupType = backupType == null ? "incr" : backupType;
    restoreTimeoutMinutes = restoreTimeoutMinutes == null ? 240 : restoreTimeoutMinutes;
  }

  /** True when the drill replays all archived WAL; false when it recovers to {@link #pointInTimeMillis()}. */
  public boolean toLatest() {
    return LATEST.equals(pointInTime);
  }

  /** The instant recovered to; only when not {@link #toLatest()}. */
  public long pointInTimeMillis() {
    return Instant.parse(pointInTime).toEpochMilli();
  }

  /** Problems of this section (fields relative to {@code target.pgbackrest}). */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (stanza == null || !STANZA.matcher(stanza).matches()) {
      problems.add("stanza: required, a pgBackRest stanza name (letters, digits, '_', '.', '-')");
    }
    if (config != null && !isAbsolutePath(config)) {
      problems.add("config: an absolute path to a pgbackrest.conf on the workers");
    }
    if (repoPath != null && !isAbsolutePath(repoPath)) {
      problems.add("repoPath: an absolute path (repo1-path)");
    }
    if (!toLatest()) {
      try {
        Instant.parse(pointInTime);
      } catch (DateTimeException e) {
        problems.add("pointInTime: 'latest' or an ISO-8601 instant, e.g. 2026-11-30T14:00:00Z");
      }
    }
    if (!BACKUP_TYPES.contains(backupType)) {
      problems.add("backupType: one of full, diff, incr");
    }
    if (restoreTimeoutMinutes < 1 || restoreTimeoutMinutes > MAX_RESTORE_TIMEOUT_MINUTES) {
      problems.add("restoreTimeoutMinutes: between 1 and " + MAX_RESTORE_TIMEOUT_MINUTES
          + " (the restore step may run 6 hours at most)");
    }
    return problems;
  }

  private static boolean isAbsolutePath(String path) {
    return path.startsWith("/") && path.length() <= 1000 && path.indexOf('\0') < 0 && !path.contains("\n");
  }

  /**
   * What the rest of a definition must say for a pgBackRest drill (full field paths): its backups are pgBackRest's
   * (mode {@code latest}: the newest restorable point; {@code dump}: the drill takes a backup first), not files in a
   * directory.
   */
  static List<String> problemsOfDefinition(BackupSource backup) {
    List<String> problems = new ArrayList<>();
    if (!BackupSource.DUMP.equals(backup.mode()) && !BackupSource.LATEST.equals(backup.mode())) {
      problems.add("backup.mode: must be 'dump' (take a pgBackRest backup first) or 'latest' (the stanza's newest "
          + "restorable point)");
    }
    if (backup.directory() != null) {
      problems.add("backup.directory: not used with target kind 'pgbackrest': the stanza's repository holds the "
          + "backups");
    }
    return problems;
  }
}
