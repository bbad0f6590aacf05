package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.drill.AssertionOutcome;
import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.DrillActivities;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.RestoreOutcome;
import dev.pitcrew.workflows.drill.SqlAssertion;
import dev.pitcrew.workflows.drill.StreamedRestore;
import dev.pitcrew.workflows.drill.VerificationOutcome;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The drill's PostgreSQL steps with pg_dump's custom format and pg_restore. */
@Component
public class DrillActivitiesImpl implements DrillActivities {
  private static final Logger log = LoggerFactory.getLogger(DrillActivitiesImpl.class);
  private static final String MAINTENANCE_DATABASE = "postgres";
  private static final Pattern RESTORED = Pattern.compile("pitcrew drill: restored on attempt (\\d+), exit (\\d+)");

  private final DrillDefinitionStore definitions;
  private final DrillTargets targets;
  private final PostgresTools tools;
  private final DrillProperties properties;
  private final StreamingRestore streaming;

  public DrillActivitiesImpl(
      DrillDefinitionStore definitions, DrillTargets targets, PostgresTools tools, DrillProperties properties) {
    this.definitions = definitions;
    this.targets = targets;
    this.tools = tools;
    this.properties = properties;
    this.streaming = new StreamingRestore(targets, tools, properties);
  }

  @Override
  public DrillDefinition definition(String drill) {
    return definitions.find(drill)
        .map(DrillDefinitionStore.StoredDrill::definition)
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
            "There is no drill named '" + drill + "'", "DrillNotFound"));
  }

  @Override
  public BackupInfo latestBackup(DrillDefinition definition) {
    Path directory = Path.of(definition.backup().directory());
    Optional<Path> newest;
    try (Stream<Path> files = Files.list(directory)) {
      newest = files.filter(f -> f.getFileName().toString().endsWith(".dump") && Files.isRegularFile(f))
          .max(Comparator.comparing(DrillActivitiesImpl::modifiedMillis));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Cannot list the backup directory " + directory + ": " + e.getMessage(), "NoBackup");
    }
    Path dump = newest.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "No *.dump backup in " + directory, "NoBackup"));
    return new BackupInfo(dump.toString(), modifiedMillis(dump), size(dump), false, null, Map.of(), Map.of());
  }

  @Override
  public BackupInfo takeBackup(DrillDefinition definition, String backupName) {
    PostgresEndpoint source = targets.endpointOf(definition.target());
    Path dump = DrillFiles.ownDump(properties, definition, backupName);
    Path directory = dump.getParent();
    try {
      Files.createDirectories(directory);
      // One snapshot for the counts, the checksums and the dump: what the restored copy must hold, exactly.
      try (Connection connection = source.connect(source.database());
          Heartbeats heartbeats = Heartbeats.whileUsing(connection, properties.heartbeatInterval())) {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
          statement.execute("set transaction isolation level repeatable read, read only");
        }
        String serverVersion = scalar(connection, "show server_version");
        int versionNum = Integer.parseInt(scalar(connection, "show server_version_num"));
        String pgDump = tools.requireCompatible("pg_dump", versionNum, serverVersion);
        String snapshot = scalar(connection, "select pg_export_snapshot()");
        long takenAt = System.currentTimeMillis();
        TableInventory.Contents contents;
        PostgresTools.ToolRun run;
        // The dump and the inventory read the same snapshot side by side, rather than one after the other. The
        // dump is the drill's own scratch file, deleted when the drill ends: the fastest gzip level is enough.
        try (PostgresTools.RunningTool dumping = tools.start(List.of(pgDump, "--format=custom", "--compress=1",
            "--snapshot=" + snapshot, "--no-password", "--file=" + dump, "--dbname=" + source.database()),
            source, directory.resolve(dump.getFileName() + ".log"))) {
          try {
            contents = TableInventory.read(connection, definition.verification().checksumTables());
          } catch (SQLException e) {
            heartbeats.rethrowIfStopped();
            throw e;
          }
          run = dumping.await();
        }
        connection.commit();
        if (run.exitCode() != 0) {
          throw ApplicationFailure.newFailure(
              "pg_dump of " + source + " exited " + run.exitCode() + ": " + String.join(" / ", run.errors()),
              "DumpFailed");
        }
        log.info("Drill {}: dumped {} ({} bytes, {} tables)", definition.name(), source, size(dump),
            contents.rowCounts().size());
        return new BackupInfo(dump.toString(), takenAt, size(dump), true, serverVersion, contents.rowCounts(),
            contents.checksums());
      }
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "Cannot read " + source + " for the backup: " + DrillTargets.describe(e), "SourceUnreachable");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(directory.resolve(dump.getFileName() + ".log"));
    }
  }

  @Override
  public StreamedRestore backUpWhileRestoring(DrillDefinition definition, String backupName, String scratchDatabase) {
    return streaming.run(definition, backupName, scratchDatabase);
  }

  /**
   * Restores the dump into the run's scratch database, once. Every attempt first claims the scratch database (an
   * advisory lock on the server, held until it returns; a killed worker's session ends and frees it), so two attempts
   * that overlap (a starved worker missed its heartbeats and Temporal retried elsewhere) take turns instead of
   * dropping each other's work, and the later one finds the earlier one's finished restore by its mark. The attempt
   * heartbeats from the start, so preparing the database counts as progress and a lost worker is noticed within
   * the heartbeat timeout.
   */
  @Override
  public RestoreOutcome restore(DrillDefinition definition, BackupInfo backup,
      String scratchDatabase) {
    PostgresEndpoint server = targets.endpointOf(definition.target());
    Path dump = Path.of(backup.location());
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    try (Connection admin = server.connect(server.database());
        Heartbeats heartbeats = Heartbeats.whileUsing(admin, properties.heartbeatInterval())) {
      try {
        return restoreClaimed(definition, server, admin, dump, scratchDatabase, attempt, heartbeats);
      } catch (SQLException e) {
        heartbeats.rethrowIfStopped();
        throw e;
      }
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "Cannot prepare the scratch database on " + server + ": " + DrillTargets.describe(e), "ScratchUnavailable");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RestoreOutcome restoreClaimed(DrillDefinition definition, PostgresEndpoint server, Connection admin,
      Path dump, String scratchDatabase, int attempt, Heartbeats heartbeats) throws SQLException, IOException {
    ScratchClaim.claim(admin, scratchDatabase);
    // Still this run's current attempt? A stale one (its heartbeats already refused) stops here, before it touches
    // a database a newer attempt restored or the clean-up dropped.
    heartbeats.rethrowIfStopped();
    Activity.getExecutionContext().heartbeat("claimed " + scratchDatabase);
    Optional<String> marker = restoredMarker(admin, scratchDatabase);
    if (marker.isPresent()) {
      Matcher done = RESTORED.matcher(marker.get());
      if (done.matches()) {
        // An earlier attempt restored completely and its worker went away before reporting it: keep its work.
        log.info("Drill {}: {} was already restored by attempt {}", definition.name(), scratchDatabase, done.group(1));
        return new RestoreOutcome(scratchDatabase, size(dump), 0, Integer.parseInt(done.group(1)), true,
            Integer.parseInt(done.group(2)), List.of());
      }
    }
    int versionNum = Integer.parseInt(scalar(admin, "show server_version_num"));
    String pgRestore = tools.requireCompatible("pg_restore", versionNum, scalar(admin, "show server_version"));
    try (Statement statement = admin.createStatement()) {
      // A database without the mark is an interrupted restore (a killed process's pg_restore may even still be
      // writing into it: FORCE ends its sessions): start afresh rather than trust half of it.
      statement.execute("drop database if exists " + DrillTargets.quote(scratchDatabase) + " with (force)");
      statement.execute("create database " + DrillTargets.quote(scratchDatabase) + " template template0");
    }
    Files.createDirectories(properties.workDirectory());
    Path errors = DrillFiles.restoreLog(properties, scratchDatabase);
    long began = System.nanoTime();
    PostgresTools.ToolRun run = tools.run(List.of(pgRestore, "--no-owner", "--no-privileges",
        "--no-password", "--jobs=" + definition.target().jobsOrDefault(), "--dbname=" + scratchDatabase,
        dump.toString()), server, errors);
    long millis = (System.nanoTime() - began) / 1_000_000;
    deleteQuietly(errors);
    heartbeats.rethrowIfStopped();
    try (Statement statement = admin.createStatement()) {
      statement.execute("comment on database " + DrillTargets.quote(scratchDatabase) + " is 'pitcrew drill: "
          + "restored on attempt " + attempt + ", exit " + run.exitCode() + "'");
    }
    log.info("Drill {}: restored {} into {} in {} ms (exit {}, attempt {})", definition.name(), dump,
        scratchDatabase, millis, run.exitCode(), attempt);
    return new RestoreOutcome(scratchDatabase, size(dump), millis, attempt, false, run.exitCode(), run.errors());
  }

  @Override
  public VerificationOutcome verify(DrillDefinition definition, BackupInfo backup, String scratchDatabase) {
    PostgresEndpoint server = targets.endpointOf(definition.target());
    try (Connection copy = server.connect(scratchDatabase);
        Heartbeats heartbeats = Heartbeats.whileUsing(copy, properties.heartbeatInterval())) {
      try {
        return verify(definition, backup, scratchDatabase, copy);
      } catch (SQLException e) {
        heartbeats.rethrowIfStopped();
        throw e;
      }
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "Cannot read the restored copy " + scratchDatabase + ": " + DrillTargets.describe(e), "ScratchUnavailable");
    }
  }

  /** The checks of a restored copy; also those of a physical restore's scratch server (PgBackRestDrillActivitiesImpl). */
  VerificationOutcome verify(
      DrillDefinition definition, BackupInfo backup, String scratchDatabase, Connection copy) throws SQLException {
    List<String> problems = new ArrayList<>();
    copy.setAutoCommit(false);
    try (Statement statement = copy.createStatement()) {
      statement.execute("set transaction read only");
      statement.execute("set local statement_timeout = " + properties.statementTimeout().toMillis());
    }
    TableInventory.Contents contents = TableInventory.read(copy, definition.verification().checksumTables());
    Map<String, Long> counts = contents.rowCounts();
    if (counts.size() < definition.verification().minimumTables()) {
      problems.add("the copy has " + counts.size() + " tables, at least "
          + definition.verification().minimumTables() + " expected");
    }
    if (definition.verification().compareRowCounts()) {
      backup.sourceRowCounts().forEach((table, expected) -> {
        Long restored = counts.get(table);
        if (restored == null) {
          problems.add(table + " is missing");
        } else if (!restored.equals(expected)) {
          problems.add(table + " has " + restored + " rows, the source had " + expected);
        }
      });
    }
    Map<String, String> checksums = new TreeMap<>();
    for (String table : definition.verification().checksumTables()) {
      String expected = backup.sourceChecksums().get(table);
      String restored = TableInventory.checksumInFormOf(copy, table, expected, contents.checksums().get(table));
      if (restored == null) {
        problems.add("checksum table " + table + " is missing");
        continue;
      }
      checksums.put(table, restored);
      if (expected != null && !expected.equals(restored)) {
        problems.add(table + " checksum " + restored + " differs from the source's " + expected);
      }
    }
    List<AssertionOutcome> assertions = new ArrayList<>();
    for (SqlAssertion assertion : definition.verification().assertions()) {
      AssertionOutcome result = check(copy, assertion);
      assertions.add(result);
      if (!result.passed()) {
        problems.add("assertion '" + assertion.name() + "' " + result.detail());
      }
    }
    copy.rollback();
    return new VerificationOutcome(counts.size(), counts, checksums, assertions, problems);
  }

  /** Each assertion in its own savepoint, so one that errors does not spoil the ones after it. */
  private static AssertionOutcome check(Connection copy, SqlAssertion assertion) throws SQLException {
    var savepoint = copy.setSavepoint();
    try (PreparedStatement statement = copy.prepareStatement(assertion.sql());
        ResultSet rows = statement.executeQuery()) {
      if (!rows.next()) {
        return new AssertionOutcome(assertion.name(), false, "returned no row");
      }
      boolean value = rows.getBoolean(1);
      return value ? new AssertionOutcome(assertion.name(), true, "true")
          : new AssertionOutcome(assertion.name(), false, "returned " + rows.getString(1));
    } catch (SQLException e) {
      copy.rollback(savepoint);
      return new AssertionOutcome(assertion.name(), false, "failed: " + DrillTargets.describe(e));
    }
  }

  @Override
  public BackupInfo backupAt(DrillDefinition definition, long pointInTimeMillis) {
    Path directory = Path.of(definition.backup().directory());
    Optional<Path> newest;
    try (Stream<Path> files = Files.list(directory)) {
      newest = files.filter(f -> f.getFileName().toString().endsWith(".dump") && Files.isRegularFile(f))
          .filter(f -> modifiedMillis(f) <= pointInTimeMillis)
          .max(Comparator.comparing(DrillActivitiesImpl::modifiedMillis));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Cannot list the backup directory " + directory + ": " + e.getMessage(), "NoBackup");
    }
    Path dump = newest.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "No *.dump backup in " + directory + " taken at or before " + java.time.Instant.ofEpochMilli(pointInTimeMillis),
        "NoBackup"));
    return new BackupInfo(dump.toString(), modifiedMillis(dump), size(dump), false, null, Map.of(), Map.of());
  }

  @Override
  public boolean promote(DrillDefinition definition, String scratchDatabase, String keptAs) {
    PostgresEndpoint server = targets.endpointOf(definition.target());
    String target = server.database();
    // Renaming needs a connection to neither database: the maintenance database of the same server.
    try (Connection admin = server.connect(MAINTENANCE_DATABASE); Statement statement = admin.createStatement()) {
      if (!exists(admin, scratchDatabase)) {
        if (exists(admin, target) && exists(admin, keptAs)) {
          log.info("Recovery {}: {} was already promoted to {}", definition.name(), scratchDatabase, target);
          return false;
        }
        throw ApplicationFailure.newNonRetryableFailure(
            "The restored copy " + scratchDatabase + " is gone; nothing was replaced", "ScratchUnavailable");
      }
      if (exists(admin, target)) {
        if (exists(admin, keptAs)) {
          throw ApplicationFailure.newNonRetryableFailure(
              keptAs + " already exists; " + target + " was left in place", "ScratchUnavailable");
        }
        endConnections(admin, target);
        statement.execute("alter database " + DrillTargets.quote(target) + " rename to " + DrillTargets.quote(keptAs));
      }
      endConnections(admin, scratchDatabase);
      statement.execute("alter database " + DrillTargets.quote(scratchDatabase) + " rename to "
          + DrillTargets.quote(target));
      statement.execute("comment on database " + DrillTargets.quote(target) + " is 'pitcrew recovery: restored from "
          + Activity.getExecutionContext().getInfo().getWorkflowId().replace("'", "") + ", replaced database kept as "
          + keptAs + "'");
      log.info("Recovery {}: {} now serves as {}; the replaced database is kept as {}", definition.name(),
          scratchDatabase, target, keptAs);
      return true;
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "Cannot put the restored copy in place on " + server + ": " + DrillTargets.describe(e), "PromotionFailed");
    }
  }

  private static void endConnections(Connection admin, String database) throws SQLException {
    try (PreparedStatement statement = admin.prepareStatement(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()")) {
      statement.setString(1, database);
      statement.execute();
    }
  }

  @Override
  public boolean cleanUp(DrillDefinition definition, String scratchDatabase, BackupInfo backupTaken) {
    PostgresEndpoint server = targets.endpointOf(definition.target());
    boolean existed;
    try (Connection admin = server.connect(server.database())) {
      // Waits for a restore attempt still working on it (a starved worker's), so nothing is restored after the drop.
      ScratchClaim.claim(admin, scratchDatabase);
      existed = exists(admin, scratchDatabase);
      try (Statement statement = admin.createStatement()) {
        statement.execute("drop database if exists " + DrillTargets.quote(scratchDatabase) + " with (force)");
      }
    } catch (SQLException e) {
      throw ApplicationFailure.newFailure(
          "Cannot drop " + scratchDatabase + " on " + server + ": " + DrillTargets.describe(e), "ScratchUnavailable");
    }
    if (backupTaken != null && backupTaken.takenByDrill()) {
      existed |= deleteQuietly(Path.of(backupTaken.location()));
    }
    log.info("Drill {}: cleaned up {}", definition.name(), scratchDatabase);
    return existed;
  }

  @Override
  public boolean cleanUpLeftovers(DrillDefinition definition, String scratchDatabase) {
    boolean existed = cleanUp(definition, scratchDatabase, null);
    // The lost run named its own dump and its tools' logs after the scratch database; nothing else has that name.
    if (definition.backup().takesFreshDump()) {
      Path dump = DrillFiles.ownDump(properties, definition, scratchDatabase);
      existed |= deleteQuietly(dump);
      existed |= deleteQuietly(dump.resolveSibling(dump.getFileName() + ".log"));
    }
    for (Path file : DrillFiles.toolLogs(properties, scratchDatabase)) {
      existed |= deleteQuietly(file);
    }
    log.info("Drill {}: cleaned up after a lost run: {}", definition.name(), scratchDatabase);
    return existed;
  }

  static Optional<String> restoredMarker(Connection admin, String database) throws SQLException {
    try (PreparedStatement statement = admin.prepareStatement(
        "select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = ?")) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  private static boolean exists(Connection admin, String database) throws SQLException {
    return restoredMarker(admin, database).isPresent();
  }

  static String scalar(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static long modifiedMillis(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  static boolean deleteQuietly(Path file) {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", file, e.getMessage());
      return false;
    }
  }
}
