package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.drill.DrillDefinition;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a drill run's own files go. Each is named after the run's scratch database, which no other run shares, so
 * the run's clean-up (and the clean-up after a lost run) finds exactly its own files.
 */
final class DrillFiles {
  private DrillFiles() {}

  /** The dump a drill takes: in the definition's backup directory, or the workers' work directory. */
  static Path ownDump(DrillProperties properties, DrillDefinition definition, String scratchDatabase) {
    Path directory = definition.backup().directory() == null
        ? properties.workDirectory() : Path.of(definition.backup().directory());
    return directory.resolve(definition.name() + "-" + scratchDatabase + ".dump");
  }

  /** The tools' error output of a streamed restore (pg_dump, tee, pg_restore), and a restore from a file. */
  static List<Path> toolLogs(DrillProperties properties, String scratchDatabase) {
    return List.of(dumpLog(properties, scratchDatabase),
        properties.workDirectory().resolve(scratchDatabase + "-tee.log"),
        restoreLog(properties, scratchDatabase));
  }

  static Path dumpLog(DrillProperties properties, String scratchDatabase) {
    return properties.workDirectory().resolve(scratchDatabase + "-dump.log");
  }

  static Path restoreLog(DrillProperties properties, String scratchDatabase) {
    return properties.workDirectory().resolve(scratchDatabase + "-restore.log");
  }
}
