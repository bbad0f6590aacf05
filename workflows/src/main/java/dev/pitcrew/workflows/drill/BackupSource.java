package dev.pitcrew.workflows.drill;

import java.util.List;

/**
 * Which backup a drill restores. Mode {@code dump} (default): the drill takes a fresh {@code pg_dump -Fc} first,
 * counting rows and checksumming tables in the same snapshot. Mode {@code latest}: the newest {@code *.dump} file
 * in {@code directory} (e.g. the nightly backup job's output), whose age is checked against the RPO first.
 *
 * @param directory where dumps are written (mode dump; default the worker's pitcrew.drills.work-directory) or
 *     found (mode latest; required)
 */
public record BackupSource(String mode, String directory) {
  public static final String DUMP = "dump";
  public static final String LATEST = "latest";
  public static final BackupSource FRESH_DUMP = new BackupSource(DUMP, null);

  public BackupSource {
    mode = mode == null ? DUMP : mode;
  }

  public boolean takesFreshDump() {
    return DUMP.equals(mode);
  }

  List<String> problems() {
    if (!DUMP.equals(mode) && !LATEST.equals(mode)) {
      return List.of("mode: must be 'dump' (take a fresh pg_dump) or 'latest' (the newest dump in directory)");
    }
    if (directory != null && (directory.isBlank() || directory.length() > 1000 || directory.indexOf('\0') >= 0)) {
      return List.of("directory: an absolute path of at most 1000 characters");
    }
    if (directory != null && !directory.startsWith("/")) {
      return List.of("directory: must be an absolute path");
    }
    if (LATEST.equals(mode) && directory == null) {
      return List.of("directory: required with mode 'latest': where the backup job writes its dumps");
    }
    return List.of();
  }
}
