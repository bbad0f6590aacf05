package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.RestoreOutcome;
import dev.pitcrew.workflows.drill.StreamedRestore;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A drill's own dump restored while it is written: {@code pg_dump | tee <dump> | pg_restore}, so dumping and
 * restoring overlap as in the raw pipe, while the source's counts and checksums are read in the dump's snapshot.
 * A stream from a pipe restores serially (pg_restore's {@code --jobs} needs a seekable file): it pays off because
 * nothing waits for the whole dump before restoring starts.
 *
 * <p>Exactly once, as the file restore is: every attempt claims the scratch database first ({@link ScratchClaim}).
 * A completed stream marks the scratch database with its attempt, pg_restore's exit and the dump's evidence (the
 * source's counts and checksums, which exist nowhere else once its worker is gone), so a retry after a worker lost
 * before reporting finds it and does not stream again; a scratch database without the mark is an interrupted
 * stream, dropped and streamed again from a new snapshot into the same scratch database.
 */
final class StreamingRestore {
  private static final Logger log = LoggerFactory.getLogger(StreamingRestore.class);
  private static final Pattern STREAMED =
      Pattern.compile("pitcrew drill: streamed on attempt (\\d+), exit (\\d+), backup (\\{.*})", Pattern.DOTALL);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /**
   * The stream is not compressed: on a busy host every stage of the pipe competes for the same cores, and gzip in
   * pg_dump and gunzip in pg_restore are work the restore waits for (the benchmark's stream step: about 1.09 times
   * the raw pipe uncompressed, 1.15 times at level 1). The price is the scratch file, about the size of the tables'
   * data (53 MB for the benchmark's 100 MB database, 11 MB at level 1), kept until the drill's clean-up.
   */
  static final int COMPRESSION = 0;

  private final DrillTargets targets;
  private final PostgresTools tools;
  private final DrillProperties properties;

  StreamingRestore(DrillTargets targets, PostgresTools tools, DrillProperties properties) {
    this.targets = targets;
    this.tools = tools;
    this.properties = properties;
  }

  StreamedRestore run(DrillDefinition definition, String backupName, String scratchDatabase) {
    PostgresEndpoint server = targets.endpointOf(definition.target());
    Path dump = DrillFiles.ownDump(properties, definition, backupName);
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    try (Connection admin = server.connect(server.database());
        Heartbeats heartbeats = Heartbeats.whileUsing(admin, properties.heartbeatInterval())) {
      try {
        ScratchClaim.claim(admin, scratchDatabase);
        // A stale attempt (its heartbeats already refused) stops here, before it touches a newer attempt's work.
        heartbeats.rethrowIfStopped();
        Activity.getExecutionContext().heartbeat("claimed " + scratchDatabase);
        Optional<StreamedRestore> earlier = earlierStream(admin, scratchDatabase);
        if (earlier.isPresent()) {
          log.info("Drill {}: {} was already streamed by attempt {}", definition.name(), scratchDatabase,
              earlier.get().restore().restoredOnAttempt());
          return earlier.get();
        }
        Files.createDirectories(dump.getParent());
        Files.createDirectories(properties.workDirectory());
        return stream(definition, server, admin, dump, scratchDatabase, attempt);
      } catch (SQLException e) {
        heartbeats.rethrowIfStopped();
        throw e;
      }
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure("Cannot stream " + server + " into the scratch database "
          + scratchDatabase + ": " + DrillTargets.describe(e), "ScratchUnavailable");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private StreamedRestore stream(DrillDefinition definition, PostgresEndpoint server, Connection admin, Path dump,
      String scratchDatabase, int attempt) throws SQLException {
    List<Path> logs = DrillFiles.toolLogs(properties, scratchDatabase);
    boolean streamed = false;
    // One snapshot for the counts, the checksums and the dump: what the restored copy must hold, exactly.
    try (Connection source = server.connect(server.database());
        Heartbeats heartbeats = Heartbeats.whileUsing(source, properties.heartbeatInterval())) {
      source.setAutoCommit(false);
      try (Statement statement = source.createStatement()) {
        statement.execute("set transaction isolation level repeatable read, read only");
      }
      String serverVersion = DrillActivitiesImpl.scalar(source, "show server_version");
      int versionNum = Integer.parseInt(DrillActivitiesImpl.scalar(source, "show server_version_num"));
      String pgDump = tools.requireCompatible("pg_dump", versionNum, serverVersion);
      String pgRestore = tools.requireCompatible("pg_restore", versionNum, serverVersion);
      try (Statement statement = admin.createStatement()) {
        // Without the mark: an interrupted stream (a killed process's pg_restore may even still be writing into
        // it: FORCE ends its sessions). Start afresh rather than trust half of it.
        statement.execute("drop database if exists " + DrillTargets.quote(scratchDatabase) + " with (force)");
        statement.execute("create database " + DrillTargets.quote(scratchDatabase) + " template template0");
      }
      String snapshot = DrillActivitiesImpl.scalar(source, "select pg_export_snapshot()");
      long takenAt = System.currentTimeMillis();
      long began = System.nanoTime();
      TableInventory.Contents contents;
      PostgresTools.ToolRun dumped;
      PostgresTools.ToolRun written;
      PostgresTools.ToolRun restored;
      List<PostgresTools.RunningTool> pipe = tools.startPipeline(List.of(
          List.of(pgDump, "--format=custom", "--compress=" + COMPRESSION, "--snapshot=" + snapshot, "--no-password",
              "--dbname=" + server.database()),
          List.of("tee", dump.toString()),
          List.of(pgRestore, "--no-owner", "--no-privileges", "--no-password", "--dbname=" + scratchDatabase)),
          server, logs);
      try {
        try {
          contents = TableInventory.read(source, definition.verification().checksumTables());
        } catch (SQLException e) {
          heartbeats.rethrowIfStopped();
          throw e;
        }
        restored = pipe.get(2).await();
        dumped = pipe.get(0).await();
        written = pipe.get(1).await();
      } finally {
        pipe.forEach(PostgresTools.RunningTool::close);
        logs.forEach(DrillActivitiesImpl::deleteQuietly);
      }
      source.commit();
      long millis = (System.nanoTime() - began) / 1_000_000;
      heartbeats.rethrowIfStopped();
      if (dumped.exitCode() != 0 || written.exitCode() != 0) {
        throw ApplicationFailure.newFailure("pg_dump of " + server + " streamed into " + scratchDatabase
            + " failed: pg_dump exited " + dumped.exitCode() + join(dumped.errors()) + ", tee " + written.exitCode()
            + join(written.errors()) + ", pg_restore " + restored.exitCode() + join(restored.errors()), "DumpFailed");
      }
      long size = DrillActivitiesImpl.size(dump);
      BackupInfo backup = new BackupInfo(dump.toString(), takenAt, size, true, serverVersion, contents.rowCounts(),
          contents.checksums());
      RestoreOutcome restore = new RestoreOutcome(scratchDatabase, size, millis, attempt, false, restored.exitCode(),
          restored.errors());
      mark(admin, scratchDatabase, attempt, restored.exitCode(), backup);
      streamed = true;
      log.info("Drill {}: streamed {} into {} and {} in {} ms ({} bytes, {} tables, pg_restore exit {}, attempt {})",
          definition.name(), server, scratchDatabase, dump, millis, size, contents.rowCounts().size(),
          restored.exitCode(), attempt);
      return new StreamedRestore(backup, restore);
    } finally {
      if (!streamed) {
        DrillActivitiesImpl.deleteQuietly(dump); // half a dump is no evidence; a retry writes it again
      }
    }
  }

  /** The mark of a completed stream: its attempt, pg_restore's exit and the dump's evidence. */
  private static void mark(Connection admin, String scratchDatabase, int attempt, int exitCode, BackupInfo backup)
      throws SQLException {
    String text = "pitcrew drill: streamed on attempt " + attempt + ", exit " + exitCode + ", backup "
        + JSON.writeValueAsString(backup);
    try (Statement statement = admin.createStatement()) {
      statement.execute("comment on database " + DrillTargets.quote(scratchDatabase) + " is '"
          + text.replace("'", "''") + "'");
    }
  }

  private static Optional<StreamedRestore> earlierStream(Connection admin, String scratchDatabase)
      throws SQLException {
    Optional<String> marker = DrillActivitiesImpl.restoredMarker(admin, scratchDatabase);
    if (marker.isEmpty()) {
      return Optional.empty();
    }
    Matcher done = STREAMED.matcher(marker.get());
    if (!done.matches()) {
      return Optional.empty();
    }
    BackupInfo backup = JSON.readValue(done.group(3), BackupInfo.class);
    return Optional.of(new StreamedRestore(backup, new RestoreOutcome(scratchDatabase, backup.sizeBytes(), 0,
        Integer.parseInt(done.group(1)), true, Integer.parseInt(done.group(2)), List.of())));
  }

  private static String join(List<String> errors) {
    return errors.isEmpty() ? "" : " (" + String.join(" / ", errors) + ")";
  }
}
