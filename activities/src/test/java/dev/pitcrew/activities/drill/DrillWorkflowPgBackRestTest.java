package dev.pitcrew.activities.drill;

import static dev.pitcrew.activities.drill.DrillTestRun.storedReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.activities.drill.testing.ArchivingPostgres15;
import dev.pitcrew.activities.support.LostWorker;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.BackupSource;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillReport;
import dev.pitcrew.workflows.drill.DrillReporting;
import dev.pitcrew.workflows.drill.DrillRequest;
import dev.pitcrew.workflows.drill.DrillTarget;
import dev.pitcrew.workflows.drill.DrillVerification;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import dev.pitcrew.workflows.drill.PgBackRestDrillActivities;
import dev.pitcrew.workflows.drill.PgBackRestTarget;
import dev.pitcrew.workflows.drill.RecoveryObjectives;
import dev.pitcrew.workflows.drill.RestoreOutcome;
import dev.pitcrew.workflows.drill.SqlAssertion;
import dev.pitcrew.workflows.drill.VerificationOutcome;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * pgBackRest drills end to end on real parts: a PostgreSQL 15 server (zonky's binaries) archiving its WAL with
 * Debian's pgBackRest 2.45 into a repository in a temporary directory, a full backup, then ten moves written before
 * the point in time T and fifteen after it; the drill restores with {@code --type=time} to T into a scratch data
 * directory, starts a scratch server of zonky's binaries on it, and verifies there; the workflow runs on Temporal's
 * test server, reports go to Pitcrew's own (migrated) PostgreSQL.
 */
class DrillWorkflowPgBackRestTest {
  static final String STANZA = "drill";
  static final int MOVES_BEFORE_T = 10;
  /** The worker host the test's activities run on. */
  static final DrillHost HOST = new DrillHost("worker-a");

  private static ArchivingPostgres15 source;
  private static Instant pointInTime;

  @TempDir Path work;
  @RegisterExtension final DrillTestRun temporal = new DrillTestRun();
  private DrillDefinitionStore definitions;
  private DrillActivitiesImpl drills;
  private PgBackRestDrillActivitiesImpl pgBackRest;
  private Path scratchDirectory;

  @BeforeAll
  static void archivedDatabase() throws Exception {
    source = ArchivingPostgres15.start(STANZA);
    try (Connection admin = source.server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("create database game");
    }
    try (Connection game = source.server.getDatabase("postgres", "game").getConnection();
        Statement statement = game.createStatement()) {
      statement.execute("create table moves (id int primary key, player text not null)");
      // The source's own ALTER SYSTEM lands in the restored postgresql.auto.conf: the scratch server must not obey it.
      statement.execute("alter system set listen_addresses = '*'");
      // A tablespace (its directory made by the server itself, so that it owns it, in a user namespace too) with a
      // table in it: the restore must put it under the scratch directory, not back at this path.
      Path tablespace = source.directory.resolve("tablespace");
      statement.execute("copy (select 1) to program 'mkdir -p " + tablespace + "'");
      statement.execute("create tablespace drill_space location '" + tablespace + "'");
      statement.execute("create table scores (id int primary key) tablespace drill_space");
      statement.execute("insert into scores select generate_series(1, 7)");
      source.pgbackrest("--type=full", "backup");
      // pgBackRest chooses the backup for a time target by its stop time in whole seconds: T lies in a later second.
      statement.execute("select pg_sleep(1.1)");
      for (int id = 1; id <= MOVES_BEFORE_T; id++) {
        statement.execute("insert into moves values (" + id + ", 'before-" + id + "')");
      }
      try (ResultSet now = statement.executeQuery("select clock_timestamp()")) {
        now.next();
        pointInTime = now.getTimestamp(1).toInstant();
      }
      for (int id = MOVES_BEFORE_T + 1; id <= MOVES_BEFORE_T + 15; id++) {
        statement.execute("insert into moves values (" + id + ", 'after-" + id + "')");
      }
      source.archiveCurrentWal(game);
    }
  }

  @AfterAll
  static void stopSource() {
    source.close();
  }

  @BeforeEach
  void start() throws Exception {
    DataSource pitcrew = TestDatabase.dataSource();
    definitions = new DrillDefinitionStore(JdbcClient.create(pitcrew));
    DrillProperties properties = new DrillProperties(null, work, Duration.ofMillis(200), Duration.ofMinutes(5));
    DrillTargets targets = new DrillTargets(pitcrew);
    drills = new DrillActivitiesImpl(definitions, targets, new PostgresTools(properties), properties);
    scratchDirectory = work.resolve("scratch");
    PgBackRestProperties pgBackRestProperties =
        new PgBackRestProperties("pgbackrest", source.binDirectory(), scratchDirectory, Map.of());
    pgBackRest = new PgBackRestDrillActivitiesImpl(targets, drills,
        new PgBackRest(pgBackRestProperties, new PostgresTools(properties)),
        new ScratchServer(pgBackRestProperties, properties), properties, HOST);
  }

  @Test
  void aPointInTimeRestoreHoldsExactlyTheRowsUpToTheTargetAndIsMeasured() throws Exception {
    startWorkers(pgBackRest);
    definitions.save(drill("pitr-pass", pointInTime.toString(), List.of(new SqlAssertion(
        "no move after the point in time", "select count(*) = 0 from moves where player like 'after-%'"),
        new SqlAssertion("localhost only, whatever the source's ALTER SYSTEM said",
            "select current_setting('listen_addresses') = 'localhost'"),
        new SqlAssertion("Pitcrew's pg_hba.conf and pg_ident.conf, not the restored ones",
            "select current_setting('hba_file') like '%.conf.d/pg_hba.conf' "
                + "and current_setting('ident_file') like '%.conf.d/pg_ident.conf'"),
        new SqlAssertion("no Unix socket", "select current_setting('unix_socket_directories') = ''"),
        new SqlAssertion("the tablespace restored under the scratch directory",
            "select pg_tablespace_location(oid) like '%.tablespaces/%' and (select count(*) = 7 from scores) "
                + "from pg_tablespace where spcname = 'drill_space'"))), "alice");

    DrillReport report = temporal.run("pitr-pass");

    assertThat(report.status()).as(report.failure()).isEqualTo(DrillReport.PASSED);
    assertThat(report.steps()).extracting(s -> s.name())
        .containsExactly("CheckingFreshness", "Restoring", "Verifying", "CleaningUp");
    assertThat(report.backup().location()).startsWith("stanza drill, backup ").contains("F, WAL archived to ");
    assertThat(report.backup().serverVersion()).isEqualTo("15");
    assertThat(report.verification().restoredRowCounts()).containsEntry("public.moves", (long) MOVES_BEFORE_T);
    assertThat(report.verification().restoredChecksums()).containsKey("public.moves");
    assertThat(report.verification().assertions()).hasSize(5).allSatisfy(a -> assertThat(a.passed()).isTrue());
    assertThat(report.restore().recoveredToMillis()).as("the last transaction replayed is the tenth move, before T")
        .isNotNull().isLessThanOrEqualTo(pointInTime.toEpochMilli());
    assertThat(report.rtoSeconds()).isPositive().isLessThanOrEqualTo(report.rtoTargetSeconds());
    assertThat(report.rpoSeconds()).isPositive().isLessThanOrEqualTo(report.rpoTargetSeconds());
    assertThat(report.megabytesPerSecond()).isPositive();
    assertThat(report.cleanedUp()).isTrue();
    assertScratchGone(report.scratchDatabase());
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("pitr-pass"),
        "pgbackrest-host-queue-passed");
  }

  /** The drill runs three hours after the stanza's last restorable point (Temporal's test server skips the time). */
  @Test
  void aStaleBackupFailsFastWithItsAgeAndRestoresNothing() throws Exception {
    startWorkers(pgBackRest);
    definitions.save(drill("pitr-stale", "latest", List.of()), "alice");
    temporal.env.sleep(Duration.ofHours(3));

    assertThatThrownBy(() -> temporal.run("pitr-stale")).isInstanceOf(WorkflowFailedException.class);

    DrillReport report = storedReport("pitr-stale");
    assertThat(report.status()).isEqualTo(DrillReport.FAILED);
    assertThat(report.failure()).startsWith("Failed at CheckingFreshness: Stale backup: the newest, stanza drill, "
        + "backup ").contains("min old; the RPO is 60 min");
    assertThat(report.steps()).extracting(s -> s.name()).containsExactly("CheckingFreshness", "CleaningUp");
    assertThat(report.restore()).isNull();
    assertThat(report.backupAgeSeconds()).isGreaterThan(3 * 3600 - 120);
    assertThat(Files.exists(scratchDirectory.resolve(report.scratchDatabase()))).isFalse();
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("pitr-stale"), "pgbackrest-stale");
  }

  /** This drill takes its own (incremental) backup first, then restores the end of the archive. */
  @Test
  void cancellingDuringVerificationStopsTheScratchServerAndDeletesItsDirectoryOnce() throws Exception {
    AtomicInteger cleanUps = new AtomicInteger();
    startWorkers(new CountingCleanUps(pgBackRest, cleanUps));
    DrillDefinition takesItsOwnBackup = drill("pitr-cancel", "latest",
        List.of(new SqlAssertion("slow", "select pg_sleep(120) is not null")));
    definitions.save(new DrillDefinition(takesItsOwnBackup.name(), takesItsOwnBackup.description(),
        takesItsOwnBackup.target(), BackupSource.FRESH_DUMP, takesItsOwnBackup.verification(),
        takesItsOwnBackup.objectives(), takesItsOwnBackup.reporting(), null), "alice");
    DrillWorkflow drill = temporal.newDrill("pitr-cancel");
    WorkflowClient.start(drill::run, new DrillRequest("pitr-cancel", "alice", "api", null));
    long deadline = System.currentTimeMillis() + 120_000;
    while (!"Verifying".equals(drill.phase())) {
      assertThat(System.currentTimeMillis()).as("reached Verifying: %s", drill.report().steps()).isLessThan(deadline);
      Thread.sleep(50);
    }
    String scratch = drill.report().scratchDatabase();
    assertThat(scratchServerRunning(scratch)).as("the scratch server runs while verifying").isTrue();

    WorkflowStub.fromTyped(drill).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(drill).getResult(DrillReport.class))
        .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    DrillReport report = storedReport("pitr-cancel");
    assertThat(report.status()).isEqualTo(DrillReport.CANCELLED);
    assertThat(report.steps()).extracting(s -> s.name())
        .containsExactly("BackingUp", "Restoring", "Verifying", "CleaningUp");
    assertThat(report.backup().takenByDrill()).as("pgbackrest backup --type=incr by the drill").isTrue();
    assertThat(report.backup().location()).contains("I, WAL archived to ");
    assertThat(report.restore().recoveredToMillis()).as("the drill's own backup holds every move: nothing was "
        + "committed after it to replay").isNull();
    assertThat(report.cleanedUp()).isTrue();
    assertThat(cleanUps).hasValue(1);
    assertScratchGone(scratch);
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("pitr-cancel"),
        "pgbackrest-host-queue-cancelled");
  }

  /**
   * The worker goes away right after the scratch server recovered, before it could report: the retry on the next
   * worker finds the mark of the finished recovery and keeps it (the same server) instead of restoring again.
   */
  @Test
  void aWorkerLostAfterRecoveryDoesNotRestoreTwiceAndCleansUpOnce() throws Exception {
    CountDownLatch recovered = new CountDownLatch(1);
    CountDownLatch testOver = new CountDownLatch(1);
    AtomicInteger restoresRun = new AtomicInteger();
    WorkerFactory first = startWorkers(new CountingCleanUps(pgBackRest, new AtomicInteger()) {
      @Override
      public RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratch) {
        RestoreOutcome outcome = super.restore(definition, backup, scratch);
        if (!outcome.resumed()) {
          restoresRun.incrementAndGet();
        }
        recovered.countDown();
        throw LostWorker.holdUntilStopped(testOver, outcome);
      }
    });
    definitions.save(drill("pitr-crash", pointInTime.toString(), List.of()), "alice");
    DrillWorkflow drill = temporal.newDrill("pitr-crash");
    WorkflowClient.start(drill::run, new DrillRequest("pitr-crash", "alice", "api", null));
    assertThat(recovered.await(120, TimeUnit.SECONDS)).isTrue();

    first.shutdown();
    first.awaitTermination(20, TimeUnit.SECONDS);
    AtomicInteger cleanUps = new AtomicInteger();
    startWorkers(new CountingCleanUps(pgBackRest, cleanUps));

    DrillReport report = WorkflowStub.fromTyped(drill).getResult(DrillReport.class);
    testOver.countDown();
    assertThat(report.status()).isEqualTo(DrillReport.PASSED);
    assertThat(report.restore().resumed()).isTrue();
    assertThat(report.restore().restoredOnAttempt()).isEqualTo(1);
    assertThat(report.restore().recoveredToMillis()).isLessThanOrEqualTo(pointInTime.toEpochMilli());
    assertThat(report.verification().restoredRowCounts()).containsEntry("public.moves", (long) MOVES_BEFORE_T);
    assertThat(restoresRun).hasValue(1);
    assertThat(cleanUps).hasValue(1);
    assertScratchGone(report.scratchDatabase());
  }

  /**
   * Two worker replicas: the restore runs on worker-a, and every other pgBackRest step sent to the shared queue lands
   * on worker-b, whose scratch directory is its own (an emptyDir of another pod). Verification and clean-up must go to
   * worker-a's own queue, where the scratch server runs.
   */
  @Test
  void verificationAndCleanUpRunOnTheHostThatRestored() throws Exception {
    PgBackRestDrillActivitiesImpl workerB = workerB();
    AtomicInteger cleanUpsOnA = new AtomicInteger();
    startWorkers(new CountingCleanUps(workerB, new AtomicInteger()) {
      @Override
      public RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratch) {
        return pgBackRest.restore(definition, backup, scratch);
      }
    }, new CountingCleanUps(pgBackRest, cleanUpsOnA));
    definitions.save(drill("pitr-two-hosts", pointInTime.toString(), List.of()), "alice");

    DrillReport report = temporal.run("pitr-two-hosts");

    assertThat(report.status()).as(report.failure()).isEqualTo(DrillReport.PASSED);
    assertThat(report.restore().hostTaskQueue()).isEqualTo("pitcrew-drills@worker-a");
    assertThat(report.verification().restoredRowCounts()).containsEntry("public.moves", (long) MOVES_BEFORE_T);
    assertThat(report.cleanedUp()).isTrue();
    assertThat(cleanUpsOnA).as("cleaned up where the copy is").hasValue(1);
    assertScratchGone(report.scratchDatabase());
  }

  /**
   * Two replicas again: the restore runs on worker-a and fails once its scratch data directory is restored (the
   * scratch server refuses a setting and does not start), so no outcome names worker-a's queue. The failure does,
   * and the clean-up must go there, not to worker-b polling the shared queue, or worker-a's directory stays behind.
   */
  @Test
  void aRestoreThatFailsAfterMakingItsScratchDirectoryIsCleanedUpOnThatHost() throws Exception {
    PgBackRestDrillActivitiesImpl workerA =
        workerHost(HOST, scratchDirectory, Map.of("shared_buffers", "plenty")); // a setting its server refuses
    PgBackRestDrillActivitiesImpl workerB = workerB();
    AtomicInteger cleanUpsOnA = new AtomicInteger();
    AtomicInteger cleanUpsOnB = new AtomicInteger();
    startWorkers(new CountingCleanUps(workerB, cleanUpsOnB) {
      @Override
      public RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratch) {
        return workerA.restore(definition, backup, scratch);
      }
    }, new CountingCleanUps(workerA, cleanUpsOnA));
    definitions.save(drill("pitr-failed-restore", pointInTime.toString(), List.of()), "alice");

    assertThatThrownBy(() -> temporal.run("pitr-failed-restore")).isInstanceOf(WorkflowFailedException.class);

    DrillReport report = storedReport("pitr-failed-restore");
    assertThat(report.status()).isEqualTo(DrillReport.FAILED);
    assertThat(report.failure()).startsWith("Failed at Restoring: The scratch server on " + report.scratchDatabase()
        + " did not start");
    assertThat(report.restore()).isNull();
    assertThat(report.cleanedUp()).isTrue();
    assertThat(cleanUpsOnA).as("cleaned up where the directory is").hasValue(1);
    assertThat(cleanUpsOnB).hasValue(0);
    assertScratchGone(report.scratchDatabase());
    DrillHistories.recordIfRequested(temporal.client, DrillWorkflow.workflowId("pitr-failed-restore"),
        "pgbackrest-failed-restore-cleaned-on-its-host");
  }

  /**
   * The host that restored is gone for good (no worker polls its queue any more): verification waits for it
   * HOST_PICK_UP, then the drill fails naming the host and the runbook, and its clean-up, which may not run
   * elsewhere, reports what may be left behind instead of pretending. Outside the build (tag benchmark: run by hand,
   * {@code -Dtest='DrillWorkflowPgBackRestTest#aRestoringHostThatIsGone*' -Dpitcrew.excludedTestGroups=storm}): it
   * takes the real 2 x 5 minutes, since Temporal's test server does not skip the time while an activity task waits to
   * be picked up, neither by itself nor for {@code env.sleep} (tried; about 650 s either way).
   */
  @Test
  @Tag("benchmark")
  void aRestoringHostThatIsGoneFailsTheDrillNamingItAndWhatMayBeLeft() throws Exception {
    AtomicInteger cleanUpsElsewhere = new AtomicInteger();
    startWorkers(new CountingCleanUps(pgBackRest, cleanUpsElsewhere), null);
    DrillDefinition definition = drill("pitr-host-gone", pointInTime.toString(), List.of());
    definitions.save(definition, "alice");
    String scratch = null;
    try {
      assertThatThrownBy(() -> temporal.run("pitr-host-gone")).isInstanceOf(WorkflowFailedException.class);

      DrillReport report = storedReport("pitr-host-gone");
      scratch = report.scratchDatabase();
      assertThat(report.status()).isEqualTo(DrillReport.FAILED);
      assertThat(report.restore().hostTaskQueue()).isEqualTo(HOST.taskQueue());
      assertThat(report.failure())
          .startsWith("Failed at Verifying: The worker host that restored " + scratch + " (task queue "
              + HOST.taskQueue() + ") did not pick up the step within 5 min: it is gone")
          .contains("\"The restoring worker host is gone\"")
          .contains("Clean-up failed, " + scratch + " may be left behind: The worker host that restored");
      assertThat(report.cleanedUp()).isFalse();
      assertThat(report.verification()).isNull();
      assertThat(cleanUpsElsewhere).as("never cleaned up on another host").hasValue(0);
      assertThat(scratchServerRunning(scratch)).as("the copy is untouched where it is").isTrue();
    } finally {
      if (scratch != null) {
        pgBackRest.cleanUp(definition, scratch);
      }
    }
    assertScratchGone(scratch);
  }

  /**
   * After {@code pgbackrest backup} the step still asks pgbackrest its version, the stanza's info and the archive's
   * listing, quick calls that together can outlast the heartbeat timeout on a busy host: the step heartbeats meanwhile.
   * Here info takes 3 s (a wrapper sleeps before running the real pgbackrest) and heartbeats must arrive while it does.
   */
  @Test
  void aBackupHeartbeatsWhilePgBackRestAnswersSlowlyAfterIt() throws Exception {
    Path slowInfo = work.resolve("slow-info-pgbackrest");
    Path infoLog = work.resolve("slow-info.log");
    Files.writeString(slowInfo, """
        #!/bin/sh
        for argument in "$@"; do
          if [ "$argument" = info ]; then
            echo "start $(date +%%s%%3N)" >> '%1$s'; sleep 3; echo "end $(date +%%s%%3N)" >> '%1$s'
          fi
        done
        exec pgbackrest "$@"
        """.formatted(infoLog));
    slowInfo.toFile().setExecutable(true);
    DrillProperties properties = new DrillProperties(null, work, Duration.ofMillis(200), Duration.ofMinutes(5));
    PgBackRestProperties slow = new PgBackRestProperties(slowInfo.toString(), source.binDirectory(),
        scratchDirectory, Map.of());
    PgBackRestDrillActivitiesImpl activities = new PgBackRestDrillActivitiesImpl(new DrillTargets(
        TestDatabase.dataSource()), drills, new PgBackRest(slow, new PostgresTools(properties)),
        new ScratchServer(slow, properties), properties, HOST);
    TestActivityEnvironment activityEnvironment = TestActivityEnvironment.newInstance();
    try {
      List<Long> heartbeats = new java.util.concurrent.CopyOnWriteArrayList<>();
      activityEnvironment.setActivityHeartbeatListener(String.class, details -> heartbeats.add(System.currentTimeMillis()));
      activityEnvironment.registerActivitiesImplementations(activities);
      PgBackRestDrillActivities stub = activityEnvironment.newActivityStub(PgBackRestDrillActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5))
              .setHeartbeatTimeout(Duration.ofSeconds(1)).build());
      DrillDefinition ownBackup = drill("pitr-slow-info", "latest", List.of());

      BackupInfo backup = stub.takeBackup(new DrillDefinition(ownBackup.name(), ownBackup.description(),
          ownBackup.target(), BackupSource.FRESH_DUMP, ownBackup.verification(), ownBackup.objectives(),
          ownBackup.reporting(), null));

      assertThat(backup.takenByDrill()).isTrue();
      List<String> infoRun = Files.readAllLines(infoLog);
      assertThat(infoRun).hasSize(2);
      long infoStarted = Long.parseLong(infoRun.get(0).split(" ")[1]);
      long infoEnded = Long.parseLong(infoRun.get(1).split(" ")[1]);
      assertThat(heartbeats).as("heartbeats while info answered (%d..%d)", infoStarted, infoEnded)
          .anySatisfy(at -> assertThat(at).isBetween(infoStarted + 1_000, infoEnded));
    } finally {
      activityEnvironment.close();
    }
  }

  /** The tools must fit the backup: a clear error naming both versions (or what is missing), never a broken restore. */
  @Test
  void serverBinariesOfAnotherMajorOrNoPgBackRestFailNamingBothSides() throws Exception {
    DrillProperties properties = new DrillProperties(null, work, Duration.ofMillis(200), Duration.ofMinutes(5));
    ScratchServer zonky15 = new ScratchServer(
        new PgBackRestProperties("pgbackrest", source.binDirectory(), scratchDirectory, Map.of()), properties);

    assertThat(zonky15.binDirectory("15")).isEqualTo(source.binDirectory());
    assertThatThrownBy(() -> zonky15.binDirectory("17"))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("ToolVersionMismatch"))
        .hasMessageContaining("postgres 15.14 (" + source.binDirectory().resolve("postgres") + ") cannot start the "
            + "backup's PostgreSQL 17 data directory: install the PostgreSQL 17 server (Debian: postgresql-17)")
        .hasMessageContaining("PITCREW_DRILLS_PGBACKREST_SERVERBINDIR");

    PgBackRestProperties missing = new PgBackRestProperties(work.resolve("no/pgbackrest").toString(), null,
        scratchDirectory, Map.of());
    PgBackRestDrillActivitiesImpl withoutPgBackRest = new PgBackRestDrillActivitiesImpl(new DrillTargets(
        TestDatabase.dataSource()), drills, new PgBackRest(missing, new PostgresTools(properties)),
        new ScratchServer(missing, properties), properties, HOST);
    assertThatThrownBy(() -> withoutPgBackRest.latestBackup(drill("pitr-tools", "latest", List.of())))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("ToolVersionMismatch"))
        .hasMessageContaining("no/pgbackrest could not be run: install pgBackRest on the workers (Debian: pgbackrest)");
    assertThat(PgBackRest.compareVersions("2.45", "2.54.1")).isNegative();
    assertThat(PgBackRest.compareVersions("2.54.1", "2.54")).isPositive();
    assertThat(PgBackRest.compareVersions("2.45", "2.45.0")).isZero();
  }

  /** A pgbackrest that hangs answering info is killed at the limit instead of holding the step forever. */
  @Test
  void aHungPgBackRestIsKilledAtItsLimit() throws Exception {
    Path hung = work.resolve("hung-pgbackrest");
    Files.writeString(hung, "#!/bin/sh\necho started\nexec sleep 300\n");
    hung.toFile().setExecutable(true);
    DrillProperties properties = new DrillProperties(null, work, Duration.ofMillis(200), Duration.ofMinutes(5));
    PgBackRest slow = new PgBackRest(new PgBackRestProperties(hung.toString(), null, scratchDirectory, Map.of()),
        new PostgresTools(properties), Duration.ofSeconds(2));

    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
        assertThatThrownBy(() -> slow.info(new PgBackRestTarget(STANZA, null, null, null, null, null)))
            .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("PgBackRestFailed"))
            .hasMessageContaining("did not answer within 2 s and was killed"));
    assertThat(ProcessHandle.current().descendants()
        .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 300"))).as("the hung tool was killed").isFalse();
  }

  /** The pgBackRest activities of a worker host with a scratch directory of its own and these server settings. */
  private PgBackRestDrillActivitiesImpl workerHost(DrillHost host, Path scratch, Map<String, String> serverSettings)
      throws IOException {
    DrillProperties properties = new DrillProperties(null, work, Duration.ofMillis(200), Duration.ofMinutes(5));
    PgBackRestProperties pod = new PgBackRestProperties("pgbackrest", source.binDirectory(), scratch, serverSettings);
    return new PgBackRestDrillActivitiesImpl(new DrillTargets(TestDatabase.dataSource()), drills,
        new PgBackRest(pod, new PostgresTools(properties)), new ScratchServer(pod, properties), properties, host);
  }

  /** A second worker replica, worker-b, whose scratch directory is its own (an emptyDir of another pod). */
  private PgBackRestDrillActivitiesImpl workerB() throws IOException {
    return workerHost(new DrillHost("worker-b"), work.resolve("worker-b-scratch"), Map.of());
  }

  private void assertScratchGone(String scratch) {
    assertThat(scratchDirectory.resolve(scratch)).doesNotExist();
    assertThat(scratchDirectory.resolve(scratch + ".tablespaces")).doesNotExist();
    assertThat(scratchServerRunning(scratch)).as("no scratch server left").isFalse();
  }

  private boolean scratchServerRunning(String scratch) {
    String dataDirectory = scratchDirectory.resolve(scratch).toString();
    return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(dataDirectory));
  }

  private DrillDefinition drill(String name, String pointInTimeOrLatest, List<SqlAssertion> assertions) {
    return new DrillDefinition(name, "pgBackRest test drill",
        new DrillTarget(DrillTarget.PGBACKREST, "localhost", source.server.getPort(), "game", "postgres", null, 1,
            null, new PgBackRestTarget(STANZA, source.config.toString(), null, pointInTimeOrLatest, null, 10)),
        new BackupSource(BackupSource.LATEST, null),
        new DrillVerification(true, List.of("public.moves"), assertions, 1),
        RecoveryObjectives.STUDIO_DEFAULTS, new DrillReporting(null, false, "game-db", "SEV2"), null);
  }

  /** The drill's workflow worker, and these activities on a worker of their own, which a test may stop. */
  private WorkerFactory startWorkers(PgBackRestDrillActivities activities) {
    return startWorkers(activities, activities);
  }

  /**
   * As above, with {@code onHost} polling the host queue of {@link #HOST} (none when null: that host is gone) and
   * {@code shared} the shared queue.
   */
  private WorkerFactory startWorkers(PgBackRestDrillActivities shared, PgBackRestDrillActivities onHost) {
    temporal.startWorkflowWorker();
    return temporal.startActivities(onHost == null ? Map.of() : Map.of(HOST.taskQueue(), onHost), drills, shared);
  }

  /** The real activities, counting clean-ups; tests override the step they watch or break. */
  private static class CountingCleanUps implements PgBackRestDrillActivities {
    private final PgBackRestDrillActivities real;
    private final AtomicInteger cleanUps;

    CountingCleanUps(PgBackRestDrillActivities real, AtomicInteger cleanUps) {
      this.real = real;
      this.cleanUps = cleanUps;
    }

    @Override
    public BackupInfo latestBackup(DrillDefinition definition) {
      return real.latestBackup(definition);
    }

    @Override
    public BackupInfo takeBackup(DrillDefinition definition) {
      return real.takeBackup(definition);
    }

    @Override
    public RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratch) {
      return real.restore(definition, backup, scratch);
    }

    @Override
    public VerificationOutcome verify(DrillDefinition definition, BackupInfo backup, String scratch) {
      return real.verify(definition, backup, scratch);
    }

    @Override
    public boolean cleanUp(DrillDefinition definition, String scratch) {
      cleanUps.incrementAndGet();
      return real.cleanUp(definition, scratch);
    }
  }
}
