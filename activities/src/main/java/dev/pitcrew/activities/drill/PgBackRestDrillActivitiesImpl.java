package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.PgBackRestDrillActivities;
import dev.pitcrew.workflows.drill.PgBackRestTarget;
import dev.pitcrew.workflows.drill.RestoreOutcome;
import dev.pitcrew.workflows.drill.VerificationOutcome;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The drill's steps for a pgBackRest stanza: the last restorable point from {@code pgbackrest info}, an optional
 * {@code pgbackrest backup}, a {@code pgbackrest restore} with point-in-time recovery into a scratch data directory
 * and a scratch server recovering and promoted on it, verification there (the logical drill's own checks, the same
 * code), and clean-up.
 * Restore attempts and the clean-up claim the scratch copy as the logical drill does (an advisory lock on the source
 * server, keyed by the scratch name), so overlapping attempts take turns and a finished recovery is kept.
 */
@Component
public class PgBackRestDrillActivitiesImpl implements PgBackRestDrillActivities {
  private static final Logger log = LoggerFactory.getLogger(PgBackRestDrillActivitiesImpl.class);

  private final DrillTargets targets;
  private final DrillActivitiesImpl logical;
  private final PgBackRest pgBackRest;
  private final ScratchServer server;
  private final DrillProperties properties;
  private final DrillHost host;

  public PgBackRestDrillActivitiesImpl(DrillTargets targets, DrillActivitiesImpl logical, PgBackRest pgBackRest,
      ScratchServer server, DrillProperties properties, DrillHost host) {
    this.host = host;
    this.targets = targets;
    this.logical = logical;
    this.pgBackRest = pgBackRest;
    this.server = server;
    this.properties = properties;
  }

  @Override
  public BackupInfo latestBackup(DrillDefinition definition) {
    return newestRestorablePoint(definition.target().pgbackrest(), false);
  }

  @Override
  public BackupInfo takeBackup(DrillDefinition definition) {
    PgBackRestTarget target = definition.target().pgbackrest();
    requirePgBackRest(null, null);
    PostgresEndpoint source = targets.endpointOf(definition.target());
    Path errors = workFile("pgbackrest-backup-" + Activity.getExecutionContext().getInfo().getActivityId() + ".log");
    try {
      PostgresTools.ToolRun run = pgBackRest.backup(target, source, errors);
      if (run.exitCode() != 0) {
        throw ApplicationFailure.newFailure("pgbackrest backup of stanza " + target.stanza() + " exited "
            + run.exitCode() + ": " + String.join(" / ", run.errors()), "BackupFailed");
      }
    } finally {
      deleteQuietly(errors);
    }
    log.info("Drill {}: pgbackrest backup --type={} of stanza {} completed", definition.name(), target.backupType(),
        target.stanza());
    // version, info and repo-ls answer quickly, but together can outlast the 10 s heartbeat timeout on a busy host.
    try (Heartbeats heartbeats = Heartbeats.meanwhile(properties.heartbeatInterval())) {
      BackupInfo newest = newestRestorablePoint(target, true);
      heartbeats.rethrowIfStopped();
      return newest;
    }
  }

  /**
   * The newest restorable point of the stanza: the newest good backup's stop time, or the time its archive's newest
   * WAL segment reached the repository when that is later (a point-in-time restore replays up to there).
   */
  private BackupInfo newestRestorablePoint(PgBackRestTarget target, boolean takenByDrill) {
    JsonNode stanza;
    try {
      stanza = pgBackRest.info(target);
    } catch (IOException e) {
      requirePgBackRest(null, null);
      throw new UncheckedIOException(e);
    }
    JsonNode newest = null;
    for (JsonNode backup : stanza.path("backup")) {
      if (!backup.path("error").asBoolean(false) && (newest == null
          || backup.path("timestamp").path("stop").asLong() > newest.path("timestamp").path("stop").asLong())) {
        newest = backup;
      }
    }
    if (newest == null) {
      throw ApplicationFailure.newNonRetryableFailure("Stanza " + target.stanza() + " has no backup to restore ("
          + stanza.path("status").path("message").asString() + ")", "NoBackup");
    }
    String label = newest.path("label").asString();
    requirePgBackRest(newest.path("backrest").path("version").asString(), label);
    long restorable = newest.path("timestamp").path("stop").asLong() * 1000;
    String archivedTo = null;
    String serverVersion = null;
    long databaseId = newest.path("database").path("id").asLong();
    for (JsonNode db : stanza.path("db")) {
      if (db.path("id").asLong() == databaseId) {
        serverVersion = db.path("version").asString();
      }
    }
    for (JsonNode archive : stanza.path("archive")) {
      if (archive.path("database").path("id").asLong() == databaseId && archive.hasNonNull("max")) {
        archivedTo = archive.path("max").asString();
        try {
          Long archivedAt = pgBackRest.archivedAtMillis(target, archive.path("id").asString(), archivedTo);
          restorable = archivedAt == null ? restorable : Math.max(restorable, archivedAt);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    String location = "stanza " + target.stanza() + ", backup " + label
        + (archivedTo == null ? "" : ", WAL archived to " + archivedTo);
    return new BackupInfo(location, restorable, newest.path("info").path("size").asLong(), takenByDrill,
        serverVersion, Map.of(), Map.of());
  }

  /**
   * pgBackRest must run, and be at least as new as the one that wrote the backup; fails {@code ToolVersionMismatch}
   * (not retried) naming both versions otherwise.
   */
  private void requirePgBackRest(String backupVersion, String label) {
    String ours = pgBackRest.version();
    String install = ": install pgBackRest " + (backupVersion == null ? "" : backupVersion + " or newer ")
        + "on the workers (Debian: pgbackrest) or point pitcrew.drills.pgbackrest.executable "
        + "(PITCREW_DRILLS_PGBACKREST_EXECUTABLE) at it";
    if (ours == null) {
      throw ApplicationFailure.newNonRetryableFailure(pgBackRest.executable() + " could not be run"
          + (backupVersion == null ? "" : "; backup " + label + " was written by pgBackRest " + backupVersion)
          + install, "ToolVersionMismatch");
    }
    if (backupVersion != null && !backupVersion.isEmpty() && PgBackRest.compareVersions(ours, backupVersion) < 0) {
      throw ApplicationFailure.newNonRetryableFailure("pgbackrest " + ours + " (" + pgBackRest.executable()
          + ") is older than pgBackRest " + backupVersion + ", which wrote backup " + label + install,
          "ToolVersionMismatch");
    }
  }

  /**
   * Restores and recovers, once: the attempt claims the scratch copy, keeps a recovery an earlier attempt finished
   * (starting its server again if it stopped), and otherwise clears what a lost attempt left and starts afresh.
   */
  @Override
  public RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratch) {
    PostgresEndpoint source = targets.endpointOf(definition.target());
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    try (Connection admin = source.connect(source.database());
        Heartbeats heartbeats = Heartbeats.whileUsing(admin, properties.heartbeatInterval())) {
      try {
        ScratchClaim.claim(admin, scratch);
      } catch (SQLException e) {
        heartbeats.rethrowIfStopped();
        throw e;
      }
      heartbeats.rethrowIfStopped();
      Activity.getExecutionContext().heartbeat("claimed " + scratch);
      return restoreClaimed(definition, backup, scratch, source, attempt);
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure("Cannot claim the scratch copy " + scratch + " on " + source + ": "
          + DrillTargets.describe(e), "ScratchUnavailable");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RestoreOutcome restoreClaimed(DrillDefinition definition, BackupInfo backup, String scratch,
      PostgresEndpoint source, int attempt) throws IOException {
    PgBackRestTarget target = definition.target().pgbackrest();
    Duration timeout = Duration.ofMinutes(target.restoreTimeoutMinutes());
    Path binDirectory = server.binDirectory(backup.serverVersion());
    Optional<ScratchServer.Mark> mark = server.mark(scratch);
    if (mark.isPresent()) {
      // An earlier attempt recovered completely and its worker went away before reporting it: keep its work.
      ensureRunning(definition, scratch, source, binDirectory, timeout);
      log.info("Drill {}: {} was already recovered by attempt {}", definition.name(), scratch,
          mark.get().attempt());
      return new RestoreOutcome(scratch, backup.sizeBytes(), 0, mark.get().attempt(), true, 0, java.util.List.of(),
          mark.get().recoveredToMillis(), host.taskQueue());
    }
    // No mark: nothing, or what an interrupted attempt left (its server may even still be recovering).
    server.stop(scratch);
    server.delete(scratch);
    try {
      return recover(definition, backup, scratch, source, attempt, binDirectory, timeout);
    } catch (ActivityCompletionException stopped) {
      throw stopped;
    } catch (RuntimeException failed) {
      throw namingThisHost(failed);
    } catch (IOException failed) {
      throw namingThisHost(new UncheckedIOException(failed));
    }
  }

  /**
   * A failure after the scratch data directory may exist names this host's queue in its details, so the run's
   * clean-up comes here rather than to whichever worker polls the shared queue. Its type, message and whether it is
   * retried stay as they were.
   */
  private ApplicationFailure namingThisHost(RuntimeException failed) {
    if (failed instanceof ApplicationFailure application) {
      return application.isNonRetryable()
          ? ApplicationFailure.newNonRetryableFailureWithCause(application.getOriginalMessage(), application.getType(),
              application.getCause(), host.taskQueue())
          : ApplicationFailure.newFailureWithCause(application.getOriginalMessage(), application.getType(),
              application.getCause(), host.taskQueue());
    }
    return ApplicationFailure.newFailureWithCause(String.valueOf(failed.getMessage()), failed.getClass().getName(),
        failed, host.taskQueue());
  }

  private RestoreOutcome recover(DrillDefinition definition, BackupInfo backup, String scratch,
      PostgresEndpoint source, int attempt, Path binDirectory, Duration timeout) throws IOException {
    PgBackRestTarget target = definition.target().pgbackrest();
    Path data = server.createDataDirectory(scratch);
    Path errors = workFile(scratch + "-restore.log");
    long began = System.nanoTime();
    PostgresTools.ToolRun run;
    try {
      // restoreTimeoutMinutes bounds restore and recovery together: pgbackrest gets all of it, the wait for the
      // promotion what is left.
      run = pgBackRest.restore(target, data, server.tablespaceDirectory(scratch), definition.target().jobsOrDefault(),
          source, errors, timeout);
    } finally {
      deleteQuietly(errors);
    }
    if (run.exitCode() != 0) {
      throw ApplicationFailure.newFailure("pgbackrest restore of stanza " + target.stanza() + " exited "
          + run.exitCode() + ": " + String.join(" / ", run.errors()), "RestoreFailed");
    }
    Activity.getExecutionContext().heartbeat("restored " + scratch);
    server.start(scratch, binDirectory, source.password() != null);
    Duration left = timeout.minusNanos(System.nanoTime() - began);
    Long recoveredTo = server.awaitPromotion(scratch, scratchEndpoint(scratch, source),
        left.isNegative() ? Duration.ZERO : left);
    long millis = (System.nanoTime() - began) / 1_000_000;
    server.markRecovered(scratch, attempt, recoveredTo);
    log.info("Drill {}: restored stanza {} into {} and recovered to {} in {} ms (attempt {})", definition.name(),
        target.stanza(), scratch, recoveredTo == null ? "the backup" : Instant.ofEpochMilli(recoveredTo), millis,
        attempt);
    return new RestoreOutcome(scratch, backup.sizeBytes(), millis, attempt, false, 0, run.errors(), recoveredTo,
        host.taskQueue());
  }

  /** The scratch server of a finished recovery, started again when it no longer runs (a restarted worker host). */
  private PostgresEndpoint ensureRunning(DrillDefinition definition, String scratch, PostgresEndpoint source,
      Path binDirectory, Duration timeout) throws IOException {
    if (server.runningPort(scratch).isEmpty()) {
      log.info("Drill {}: starting the scratch server on {} again", definition.name(), scratch);
      server.start(scratch, binDirectory, source.password() != null);
    }
    PostgresEndpoint copy = scratchEndpoint(scratch, source);
    server.awaitPromotion(scratch, copy, timeout);
    return scratchEndpoint(scratch, source);
  }

  private PostgresEndpoint scratchEndpoint(String scratch, PostgresEndpoint source) {
    int port = server.runningPort(scratch).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "The scratch server on " + scratch + " stopped: " + String.join(" / ", server.logProblems(scratch)),
        "RecoveryFailed"));
    return new PostgresEndpoint("localhost", port, source.database(), source.username(), source.password());
  }

  @Override
  public VerificationOutcome verify(DrillDefinition definition, BackupInfo backup, String scratch) {
    PostgresEndpoint source = targets.endpointOf(definition.target());
    PostgresEndpoint copy;
    try {
      copy = server.mark(scratch).isEmpty()
          ? scratchEndpoint(scratch, source)
          : ensureRunning(definition, scratch, source, server.binDirectory(backup.serverVersion()),
              Duration.ofMinutes(definition.target().pgbackrest().restoreTimeoutMinutes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Connection connection = copy.connect(copy.database());
        Heartbeats heartbeats = Heartbeats.whileUsing(connection, properties.heartbeatInterval())) {
      try {
        return logical.verify(definition, backup, scratch, connection);
      } catch (SQLException e) {
        heartbeats.rethrowIfStopped();
        throw e;
      }
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure("Cannot read the recovered copy " + scratch + " (" + copy + "): "
          + DrillTargets.describe(e), "ScratchUnavailable");
    }
  }

  @Override
  public boolean cleanUp(DrillDefinition definition, String scratch) {
    PostgresEndpoint source = targets.endpointOf(definition.target());
    try (Connection admin = source.connect(source.database())) {
      // Waits for a restore attempt still working on it (a starved worker's), so nothing recovers after the delete.
      ScratchClaim.claim(admin, scratch);
      boolean existed = server.stop(scratch);
      existed |= server.delete(scratch);
      log.info("Drill {}: cleaned up {}", definition.name(), scratch);
      return existed;
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure("Cannot claim " + scratch + " on " + source + " to clean it up: "
          + DrillTargets.describe(e), "ScratchUnavailable");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path workFile(String name) {
    try {
      return Files.createDirectories(properties.workDirectory()).resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", file, e.getMessage());
    }
  }
}
