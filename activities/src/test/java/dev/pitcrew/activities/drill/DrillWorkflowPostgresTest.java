package dev.pitcrew.activities.drill;

import static dev.pitcrew.activities.drill.DrillTestRun.storedReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.activities.drill.testing.GameData;
import dev.pitcrew.activities.drill.testing.HeldPgRestore;
import dev.pitcrew.activities.drill.testing.Postgres15;
import dev.pitcrew.activities.support.LostWorker;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.BackupSource;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillReport;
import dev.pitcrew.workflows.drill.DrillReporting;
import dev.pitcrew.workflows.drill.DrillRequest;
import dev.pitcrew.workflows.drill.DrillTarget;
import dev.pitcrew.workflows.drill.DrillVerification;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import dev.pitcrew.workflows.drill.RecoveryDecision;
import dev.pitcrew.workflows.drill.RecoveryObjectives;
import dev.pitcrew.workflows.drill.RecoveryRequest;
import dev.pitcrew.workflows.drill.SqlAssertion;
import dev.pitcrew.workflows.drill.StreamedRestore;
import dev.pitcrew.workflows.incident.IncidentIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.worker.WorkerFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Drills end to end on real parts: a PostgreSQL 15 server with a generated game database, Debian's pg_dump and
 * pg_restore 15, the drill workflow on Temporal's test server, reports in Pitcrew's own (migrated) PostgreSQL.
 */
class DrillWorkflowPostgresTest {
  static final String SOURCE_DATABASE = "game";
  static final int PLAYERS = 20_000;

  private static EmbeddedPostgres source;

  @TempDir Path work;
  @RegisterExtension final DrillTestRun temporal = new DrillTestRun();
  private DrillDefinitionStore definitions;
  private DrillProperties properties;
  private DrillActivitiesImpl drills;

  @BeforeAll
  static void gameDatabase() throws SQLException {
    source = Postgres15.server();
    GameData.create(source, SOURCE_DATABASE, PLAYERS);
  }

  @BeforeEach
  void start() {
    DataSource pitcrew = TestDatabase.dataSource();
    definitions = new DrillDefinitionStore(JdbcClient.create(pitcrew));
    properties = new DrillProperties(null, work, Duration.ofMillis(200), Duration.ofMinutes(5));
    drills = new DrillActivitiesImpl(definitions, new DrillTargets(pitcrew), new PostgresTools(properties), properties);
  }

  @Test
  void aFreshDumpRestoresVerifiesAndIsMeasured() throws Exception {
    temporal.startWorkflowWorker();
    temporal.startActivities(drills);
    definitions.save(drill("drill-pass", BackupSource.FRESH_DUMP, List.of(
        new SqlAssertion("every item has its player",
            "select not exists (select 1 from items i left join players p on p.id = i.player_id where p.id is null)"))),
        "alice");

    DrillReport report = temporal.run("drill-pass");

    assertThat(report.status()).isEqualTo(DrillReport.PASSED);
    assertThat(report.rtoSeconds()).isPositive();
    // The dump streams into the copy: its snapshot (the restored point) is taken once the restore step has begun.
    assertThat(report.rpoSeconds()).isPositive().isLessThanOrEqualTo(report.rtoSeconds());
    assertThat(report.rtoMet()).isTrue();
    assertThat(report.rpoMet()).isTrue();
    assertThat(report.megabytesPerSecond()).isPositive();
    assertThat(report.backup().sourceRowCounts())
        .containsEntry("public.players", (long) PLAYERS).containsEntry("public.items", 2L * PLAYERS);
    assertThat(report.verification().restoredRowCounts()).isEqualTo(report.backup().sourceRowCounts());
    assertThat(report.verification().restoredChecksums().get("public.players"))
        .startsWith(TableInventory.ROW_HASH_SUM).isEqualTo(report.backup().sourceChecksums().get("public.players"));
    assertThat(report.verification().assertions()).singleElement()
        .satisfies(a -> assertThat(a.passed()).isTrue());
    assertThat(report.steps()).extracting(s -> s.name())
        .containsExactly("BackingUpAndRestoring", "Verifying", "CleaningUp");
    assertThat(report.restore().restoredOnAttempt()).isEqualTo(1);
    assertThat(report.restore().resumed()).isFalse();
    assertThat(report.cleanedUp()).isTrue();
    assertThat(databaseExists(report.scratchDatabase())).isFalse();
    assertThat(Path.of(report.backup().location())).doesNotExist();

    Map<String, Object> row = TestDatabase.jdbc()
        .sql("select status, rto_seconds, rpo_seconds, rto_met, report->>'drill' drill from drill_runs where run_id = ?")
        .param(report.runId()).query().singleRow();
    assertThat(row).containsEntry("status", "PASSED").containsEntry("rto_met", true).containsEntry("drill", "drill-pass");
    assertThat(temporal.meters.get("pitcrew.drill.rto.seconds").tag("drill", "drill-pass").gauge().value())
        .isEqualTo(report.rtoSeconds());
    assertThat(temporal.meters.get("pitcrew.drill.last.success.timestamp.seconds").tag("drill", "drill-pass").gauge()
        .value()).isPositive();
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("drill-pass"), "streamed-passed");
  }

  @Test
  void aTruncatedDumpFailsVerificationAndOpensAnIncident() throws Exception {
    temporal.startWorkflowWorker();
    temporal.startActivities(drills);
    Path backups = Files.createDirectories(work.resolve("nightly"));
    Path dump = GameData.dump(source, SOURCE_DATABASE, backups.resolve("game-nightly.dump"));
    try (RandomAccessFile file = new RandomAccessFile(dump.toFile(), "rw")) {
      file.setLength(file.length() * 6 / 10);
    }
    definitions.save(drill("drill-corrupt", new BackupSource(BackupSource.LATEST, backups.toString()),
        List.of(new SqlAssertion("all players restored", "select count(*) = " + PLAYERS + " from players"))), "alice");

    assertThatThrownBy(() -> temporal.run("drill-corrupt")).isInstanceOf(WorkflowFailedException.class);

    DrillReport report = storedReport("drill-corrupt");
    assertThat(report.status()).isEqualTo(DrillReport.FAILED);
    assertThat(report.failure()).startsWith("Failed at Verifying: Verification failed: pg_restore exited 1");
    assertThat(report.rtoSeconds()).isNull();
    assertThat(report.cleanedUp()).isTrue();
    assertThat(databaseExists(report.scratchDatabase())).isFalse();
    assertThat(dump).exists(); // not the drill's to delete
    assertIncidentOpened(report, "drill:drill-corrupt");
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("drill-corrupt"), "verification-failed");
  }

  @Test
  void aStaleBackupFailsFastWithoutRestoring() throws Exception {
    temporal.startWorkflowWorker();
    temporal.startActivities(drills);
    Path backups = Files.createDirectories(work.resolve("stale"));
    Path dump = GameData.dump(source, SOURCE_DATABASE, backups.resolve("game-old.dump"));
    Files.setLastModifiedTime(dump, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
    definitions.save(drill("drill-stale", new BackupSource(BackupSource.LATEST, backups.toString()), List.of()),
        "alice");

    assertThatThrownBy(() -> temporal.run("drill-stale")).isInstanceOf(WorkflowFailedException.class);

    DrillReport report = storedReport("drill-stale");
    assertThat(report.failure()).startsWith("Failed at CheckingFreshness: Stale backup: the newest, " + dump)
        .contains("is 180 min old; the RPO is 60 min");
    assertThat(report.steps()).extracting(s -> s.name()).containsExactly("CheckingFreshness", "CleaningUp");
    assertThat(report.restore()).isNull();
    assertThat(report.backupAgeSeconds()).isGreaterThan(3 * 3600 - 60);
    assertIncidentOpened(report, "drill:drill-stale");
  }

  @Test
  void cancellingDuringVerificationStopsTheQueryAndCleansUpOnce() throws Exception {
    temporal.startWorkflowWorker();
    CountingCleanUps counted = new CountingCleanUps();
    temporal.startActivities(counted);
    definitions.save(drill("drill-cancel", BackupSource.FRESH_DUMP,
        List.of(new SqlAssertion("slow", "select pg_sleep(120) is not null"))), "alice");
    DrillWorkflow drill = temporal.newDrill("drill-cancel");
    WorkflowClient.start(drill::run, new DrillRequest("drill-cancel", "alice", "api", null));
    long deadline = System.currentTimeMillis() + 30_000;
    while (!"Verifying".equals(drill.phase())) {
      assertThat(System.currentTimeMillis()).as("reached Verifying").isLessThan(deadline);
      Thread.sleep(50);
    }
    String scratch = drill.report().scratchDatabase();
    assertThat(databaseExists(scratch)).isTrue();
    long cancelledAt = System.nanoTime();

    WorkflowStub.fromTyped(drill).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(drill).getResult(DrillReport.class))
        .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(30));
    DrillReport report = storedReport("drill-cancel");
    assertThat(report.status()).isEqualTo(DrillReport.CANCELLED);
    assertThat(report.failure()).isEqualTo("Cancelled at phase Verifying");
    assertThat(report.cleanedUp()).isTrue();
    assertThat(counted.cleanUps).hasValue(1);
    assertThat(databaseExists(scratch)).isFalse();
    assertThat(Path.of(report.backup().location())).doesNotExist();
    assertThat(temporal.client.fetchHistory(DrillWorkflow.workflowId("drill-cancel")).getEvents())
        .noneMatch(e -> e.hasActivityTaskScheduledEventAttributes()
            && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("DrillOpenIncident"));
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("drill-cancel"), "streamed-cancelled");
  }

  /**
   * The worker stops right after the stream (pg_dump into pg_restore) completed, before it could report: the retry on
   * the next worker finds the restore done, with the dump's evidence, and does not repeat it; one clean-up follows.
   */
  @Test
  void aWorkerCrashAfterTheRestoreDoesNotRestoreTwiceOrLeakTheScratchDatabase() throws Exception {
    temporal.startWorkflowWorker();
    CountDownLatch restored = new CountDownLatch(1);
    CountDownLatch testOver = new CountDownLatch(1);
    AtomicInteger restoresRun = new AtomicInteger();
    WorkerFactory first = temporal.startActivities(new CountingCleanUps() {
      @Override
      public StreamedRestore backUpWhileRestoring(DrillDefinition definition, String backupName, String scratch) {
        StreamedRestore outcome = super.backUpWhileRestoring(definition, backupName, scratch);
        if (!outcome.restore().resumed()) {
          restoresRun.incrementAndGet(); // a pg_restore ran (the test server may hand a retry to this stopping worker)
        }
        restored.countDown();
        throw LostWorker.holdUntilStopped(testOver, outcome);
      }
    });
    definitions.save(drill("drill-crash", BackupSource.FRESH_DUMP, List.of()), "alice");
    DrillWorkflow drill = temporal.newDrill("drill-crash");
    WorkflowClient.start(drill::run, new DrillRequest("drill-crash", "alice", "api", null));
    assertThat(restored.await(60, TimeUnit.SECONDS)).isTrue();

    first.shutdown();
    first.awaitTermination(20, TimeUnit.SECONDS);
    assertThat(first.isTerminated()).isTrue();
    CountingCleanUps counted = new CountingCleanUps();
    temporal.startActivities(counted);

    DrillReport report = WorkflowStub.fromTyped(drill).getResult(DrillReport.class);
    testOver.countDown();
    assertThat(report.status()).isEqualTo(DrillReport.PASSED);
    assertThat(report.restore().resumed()).isTrue();
    assertThat(report.restore().restoredOnAttempt()).isEqualTo(1);
    assertThat(report.backup().sourceRowCounts()).as("the first attempt's evidence, kept on the scratch database")
        .containsEntry("public.players", (long) PLAYERS);
    assertThat(report.verification().restoredRowCounts()).isEqualTo(report.backup().sourceRowCounts());
    assertThat(report.verification().restoredChecksums()).isEqualTo(report.backup().sourceChecksums());
    assertThat(restoresRun).hasValue(1);
    assertThat(counted.cleanUps).hasValue(1);
    assertThat(databaseExists(report.scratchDatabase())).isFalse();
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("drill-crash"), "streamed-resumed-after-crash");
  }

  /**
   * The worker goes away while the stream runs (its tools come from a directory whose pg_restore waits for the test
   * before it runs the real one, so "mid-restore" is a state, not a race). The half-restored scratch database has
   * no completion mark: the retry on the next worker drops it and streams once more, from a new snapshot, into the
   * same scratch database, and one clean-up leaves nothing behind.
   */
  @Test
  void aWorkerLostMidRestoreRestoresOnceMoreIntoTheSameScratchDatabaseAndLeaksNothing() throws Exception {
    temporal.startWorkflowWorker();
    HeldPgRestore tools = HeldPgRestore.in(work.resolve("held-tools"));
    DrillProperties held = new DrillProperties(tools.directory(), work, Duration.ofMillis(200), Duration.ofMinutes(5));
    WorkerFactory first = temporal.startActivities(new DrillActivitiesImpl(
        definitions, new DrillTargets(TestDatabase.dataSource()), new PostgresTools(held), held));
    definitions.save(drill("drill-lost", BackupSource.FRESH_DUMP, List.of()), "alice");
    DrillWorkflow drill = temporal.newDrill("drill-lost");
    WorkflowClient.start(drill::run, new DrillRequest("drill-lost", "alice", "api", null));
    tools.awaitStarted(60);
    String scratch = drill.report().scratchDatabase();
    assertThat(databaseExists(scratch)).as("the scratch database is half made").isTrue();

    first.shutdownNow(); // the worker goes away mid-restore; its pg_restore is stopped with it
    first.awaitTermination(20, TimeUnit.SECONDS);
    CountingCleanUps counted = new CountingCleanUps();
    temporal.startActivities(counted);

    DrillReport report = WorkflowStub.fromTyped(drill).getResult(DrillReport.class);
    assertThat(report.status()).isEqualTo(DrillReport.PASSED);
    assertThat(report.scratchDatabase()).isEqualTo(scratch);
    assertThat(report.restore().resumed()).isFalse();
    assertThat(report.restore().restoredOnAttempt()).as("restored by the retry, once").isEqualTo(2);
    assertThat(report.verification().restoredRowCounts()).isEqualTo(report.backup().sourceRowCounts());
    assertThat(counted.cleanUps).hasValue(1);
    assertThat(databaseExists(scratch)).isFalse();
    try (Connection connection = source.getPostgresDatabase().getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("select count(*) from pg_database where datname like 'pitcrew_drill_%'")) {
      rows.next();
      assertThat(rows.getLong(1)).as("no scratch database left on the server").isZero();
    }
  }

  /**
   * Recovery mode: the game's players were lost after last night's backup. alice asks for the database as it was
   * before; the copy is restored and verified in scratch; alice may not approve her own recovery, nor may someone
   * without the releaser's permission; bob approves; the copy takes the database's place and the broken database
   * is kept aside.
   */
  @Test
  void aRecoveryRestoresIntoTheRealPlaceOnlyAfterASecondReleaserApproves() throws Exception {
    temporal.startWorkflowWorker();
    temporal.startActivities(drills);
    GameData.create(source, "recover_me", 2_000);
    Path backups = Files.createDirectories(work.resolve("recover-nightly"));
    Path dump = GameData.dump(source, "recover_me", backups.resolve("recover_me-nightly.dump"));
    Files.setLastModifiedTime(dump, FileTime.from(Instant.now().minus(Duration.ofMinutes(30))));
    try (Connection game = source.getDatabase("postgres", "recover_me").getConnection();
        var statement = game.createStatement()) {
      statement.execute("delete from items; delete from players where id > 1000");
    }
    definitions.save(new DrillDefinition("drill-recover", "recovery test",
        new DrillTarget(DrillTarget.POSTGRES, "localhost", source.getPort(), "recover_me", "postgres", null, 2),
        new BackupSource(BackupSource.LATEST, backups.toString()),
        new DrillVerification(true, List.of(), List.of(new SqlAssertion("every player is back",
            "select count(*) = 2000 from players")), 2),
        RecoveryObjectives.STUDIO_DEFAULTS, new DrillReporting(null, true, "game-db", "SEV2"), null), "alice");
    DrillWorkflow recovery = temporal.client.newWorkflowStub(DrillWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(DrillWorkflow.recoveryWorkflowId("drill-recover")).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(recovery::run, new DrillRequest("drill-recover", "alice", "api", null,
        new RecoveryRequest(System.currentTimeMillis(), "players lost by a bad migration")));
    long deadline = System.currentTimeMillis() + 60_000;
    while (!"AwaitingApproval".equals(recovery.phase())) {
      assertThat(System.currentTimeMillis()).as("reached AwaitingApproval").isLessThan(deadline);
      Thread.sleep(50);
    }
    DrillReport evidence = recovery.report();
    assertThat(evidence.verification().assertions()).singleElement().satisfies(a -> assertThat(a.passed()).isTrue());
    assertThat(rowCount("recover_me", "players")).as("nothing replaced before approval").isEqualTo(1000);

    assertThatThrownBy(() -> recovery.approveRecovery(new RecoveryDecision("alice", "looks right", true)))
        .isInstanceOf(WorkflowUpdateException.class).rootCause()
        .hasMessageContaining("alice asked for this recovery and may not approve it");
    assertThatThrownBy(() -> recovery.approveRecovery(new RecoveryDecision("carol", "looks right", false)))
        .isInstanceOf(WorkflowUpdateException.class).rootCause()
        .hasMessageContaining("carol lacks drills.recover");
    DrillReport approved = recovery.approveRecovery(new RecoveryDecision("bob", "counts checked", true));
    assertThat(approved.recovery().approvedBy()).isEqualTo("bob");

    DrillReport report = WorkflowStub.fromTyped(recovery).getResult(DrillReport.class);
    assertThat(report.status()).as(report.failure()).isEqualTo(DrillReport.PASSED);
    assertThat(report.mode()).isEqualTo(DrillReport.RECOVERY);
    assertThat(report.steps()).extracting(s -> s.name()).containsExactly(
        "ChoosingBackup", "Restoring", "Verifying", "AwaitingApproval", "Promoting", "CleaningUp");
    assertThat(report.backup().location()).isEqualTo(dump.toString());
    assertThat(report.rtoSeconds()).isPositive();
    assertThat(report.rpoSeconds()).isGreaterThan(30 * 60 - 5);
    assertThat(report.recovery().requestedBy()).isEqualTo("alice");
    assertThat(report.recovery().keptAs()).startsWith("recover_me_before_recovery_");
    assertThat(report.recovery().promotedAtMillis()).isNotNull();
    assertThat(rowCount("recover_me", "players")).isEqualTo(2000);
    assertThat(rowCount("recover_me", "items")).isEqualTo(4000);
    assertThat(rowCount(report.recovery().keptAs(), "players")).as("the replaced database is kept").isEqualTo(1000);
    assertThat(databaseExists(report.scratchDatabase())).isFalse();
    assertThat(storedReport("drill-recover").mode()).isEqualTo(DrillReport.RECOVERY);
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.recoveryWorkflowId("drill-recover"), "recovered");
  }

  private static long rowCount(String database, String table) throws SQLException {
    try (Connection connection = source.getDatabase("postgres", database).getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("select count(*) from " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private DrillDefinition drill(String name, BackupSource backup, List<SqlAssertion> assertions) {
    return new DrillDefinition(name, "test drill",
        new DrillTarget(DrillTarget.POSTGRES, "localhost", source.getPort(), SOURCE_DATABASE, "postgres", null, 2),
        backup, new DrillVerification(true, List.of("public.players"), assertions, 2),
        RecoveryObjectives.STUDIO_DEFAULTS, new DrillReporting(null, true, "game-db", "SEV2"), null);
  }

  /** The incident was opened through signal-with-start with the drill's dedup key, and the report links it. */
  private void assertIncidentOpened(DrillReport report, String dedupKey) {
    assertThat(report.incidentId()).isEqualTo(IncidentIds.workflowIdFor(dedupKey));
    List<HistoryEvent> events = temporal.client.fetchHistory(report.incidentId()).getEvents();
    HistoryEvent started = events.getFirst();
    assertThat(started.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    assertThat(started.getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName())
        .isEqualTo("IncidentWorkflow");
    assertThat(started.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0).getData().toStringUtf8())
        .contains(dedupKey).contains("SEV2").contains("/api/v1/drills/" + report.drill() + "/runs/" + report.runId());
    assertThat(events).anyMatch(e -> e.hasWorkflowExecutionSignaledEventAttributes()
        && e.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals("alert"));
  }

  private static boolean databaseExists(String name) throws SQLException {
    try (Connection connection = source.getPostgresDatabase().getConnection();
        var statement = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
      statement.setString(1, name);
      return statement.executeQuery().next();
    }
  }

  /** The real activities, counting clean-ups; tests override the step they watch or break. */
  private class CountingCleanUps extends DrillActivitiesImpl {
    final AtomicInteger cleanUps = new AtomicInteger();

    CountingCleanUps() {
      super(definitions, new DrillTargets(TestDatabase.dataSource()), new PostgresTools(properties), properties);
    }

    @Override
    public boolean cleanUp(DrillDefinition definition, String scratchDatabase, BackupInfo backupTaken) {
      cleanUps.incrementAndGet();
      return super.cleanUp(definition, scratchDatabase, backupTaken);
    }
  }
}
