package dev.pitcrew.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.drill.testing.GameData;
import dev.pitcrew.activities.drill.testing.HeldPgRestore;
import dev.pitcrew.activities.drill.testing.Postgres15;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.drill.BackupSource;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillLeftovers;
import dev.pitcrew.workflows.drill.DrillLeftoversWorkflow;
import dev.pitcrew.workflows.drill.DrillLeftoversWorkflowImpl;
import dev.pitcrew.workflows.drill.DrillReporting;
import dev.pitcrew.workflows.drill.DrillRequest;
import dev.pitcrew.workflows.drill.DrillTarget;
import dev.pitcrew.workflows.drill.DrillVerification;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import dev.pitcrew.workflows.drill.DrillWorkflowImpl;
import dev.pitcrew.workflows.drill.RecoveryObjectives;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Engine loss in the middle of a drill, on real parts: the run's engine (a Temporal test server) goes away while
 * pg_restore writes the scratch database, and a new, empty engine never hears of that run again. The leftovers
 * workflow the API's reconciliation starts for the lost run drops the half-made scratch database and the dump,
 * found by the names the lost run gave them.
 */
class DrillLeftoversWorkflowTest {
  private static final String DRILL = "drill-leftover";
  private static EmbeddedPostgres source;

  @TempDir Path work;
  private DrillDefinitionStore definitions;
  private DrillActivitiesImpl drills;

  @BeforeAll
  static void gameDatabase() throws SQLException {
    source = Postgres15.server();
    GameData.create(source, "leftovers", 2_000);
  }

  @BeforeEach
  void start() {
    definitions = new DrillDefinitionStore(JdbcClient.create(TestDatabase.dataSource()));
    DrillProperties properties = new DrillProperties(null, work, Duration.ofMillis(200), Duration.ofMinutes(5));
    drills = new DrillActivitiesImpl(definitions, new DrillTargets(TestDatabase.dataSource()),
        new PostgresTools(properties), properties);
  }

  @Test
  void aDrillLostWithItsEngineMidRestoreLeavesNothingOnceItsLeftoversAreCleanedUp() throws Exception {
    definitions.save(drill(DRILL), "alice");
    LostRun lost = loseADrillMidRestore();
    assertThat(databaseExists(lost.scratchDatabase())).as("the lost run's half-made scratch database").isTrue();
    // A worker shut down deletes the half-written dump itself; a kill -9 of the process does not. Put back what
    // a killed process leaves: the dump the stream was writing and its tools' logs.
    Files.writeString(lost.dump(), "half a dump");
    Path teeLog = Files.writeString(work.resolve(lost.scratchDatabase() + "-tee.log"), "");

    try (TestWorkflowEnvironment engine = TestWorkflowEnvironment.newInstance()) {
      WorkerFactory worker = startLeftoversWorker(engine);
      DrillLeftovers leftovers = new DrillLeftovers(DRILL, DrillWorkflow.workflowId(DRILL), lost.runId(), "test");
      assertThat(leftovers.scratchDatabase()).isEqualTo(lost.scratchDatabase());

      String outcome = cleanUp(engine, leftovers);

      assertThat(outcome).isEqualTo("Dropped the lost run's scratch database " + lost.scratchDatabase()
          + " and its files");
      assertThat(databaseExists(lost.scratchDatabase())).isFalse();
      assertThat(lost.dump()).doesNotExist();
      assertThat(teeLog).doesNotExist();
      record(engine, leftovers, "dropped");

      // A second reconciliation pass, or another API instance, may ask again: nothing is left, and it says so.
      DrillLeftovers again = new DrillLeftovers(DRILL, DrillWorkflow.workflowId(DRILL), lost.runId(), "again");
      assertThat(cleanUp(engine, again, "drill-leftovers-again"))
          .isEqualTo("Nothing left behind on the drill's current target: no database "
              + lost.scratchDatabase());
      record(engine, again, "drill-leftovers-again", "nothing-left");
      worker.shutdownNow();
    }
  }

  @Test
  void aDrillDeletedSinceItsRunWasLostIsLeftToAPersonNamingTheScratchDatabase() {
    DrillLeftovers leftovers = new DrillLeftovers("drill-deleted", DrillWorkflow.workflowId("drill-deleted"),
        "0f4a7d6e-lost", "test");
    try (TestWorkflowEnvironment engine = TestWorkflowEnvironment.newInstance()) {
      WorkerFactory worker = startLeftoversWorker(engine);

      assertThat(cleanUp(engine, leftovers)).contains("no longer defined")
          .contains("drop " + leftovers.scratchDatabase() + " by hand");
      worker.shutdownNow();
    }
  }

  private record LostRun(String runId, String scratchDatabase, Path dump) {}

  /**
   * Runs the drill on an engine of its own until pg_restore is under way (its pg_restore waits for a file that never
   * comes, so "mid-restore" is a state, not a race), then loses that engine and its worker.
   */
  private LostRun loseADrillMidRestore() throws Exception {
    HeldPgRestore tools = HeldPgRestore.in(work.resolve("held-tools"));
    DrillProperties held = new DrillProperties(tools.directory(), work, Duration.ofMillis(200), Duration.ofMinutes(5));
    DrillActivitiesImpl heldDrills = new DrillActivitiesImpl(
        definitions, new DrillTargets(TestDatabase.dataSource()), new PostgresTools(held), held);

    TestWorkflowEnvironment engine = TestWorkflowEnvironment.newInstance();
    try {
      WorkerFactory worker = WorkerFactory.newInstance(engine.getWorkflowClient());
      Worker operations = worker.newWorker(TaskQueues.OPERATIONS);
      operations.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      operations.registerActivitiesImplementations(heldDrills,
          new DrillReportActivitiesImpl(JdbcClient.create(TestDatabase.dataSource()),
              new DrillMetrics(new SimpleMeterRegistry())), new RecordingRunIndex());
      worker.start();
      DrillWorkflow drill = engine.getWorkflowClient().newWorkflowStub(DrillWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(DrillWorkflow.workflowId(DRILL))
              .setTaskQueue(TaskQueues.OPERATIONS).build());
      String runId = WorkflowClient.start(drill::run, new DrillRequest(DRILL, "alice", "api", null)).getRunId();
      tools.awaitStarted(60);
      String scratch = drill.report().scratchDatabase();
      // The drill streams its own dump into the scratch database while writing it here (its report names the
      // file only once the stream is done).
      Path dump = work.resolve(DRILL + "-" + scratch + ".dump");
      worker.shutdownNow(); // the worker goes with the engine; its pg_restore is stopped with it
      worker.awaitTermination(20, TimeUnit.SECONDS);
      return new LostRun(runId, scratch, dump);
    } finally {
      engine.close();
    }
  }

  private WorkerFactory startLeftoversWorker(TestWorkflowEnvironment engine) {
    WorkerFactory factory = WorkerFactory.newInstance(engine.getWorkflowClient());
    Worker operations = factory.newWorker(TaskQueues.OPERATIONS);
    operations.registerWorkflowImplementationTypes(DrillLeftoversWorkflowImpl.class);
    operations.registerActivitiesImplementations(drills, new RecordingRunIndex());
    factory.start();
    return factory;
  }

  private static String cleanUp(TestWorkflowEnvironment engine, DrillLeftovers leftovers) {
    return cleanUp(engine, leftovers, DrillLeftoversWorkflow.workflowId(leftovers.runId()));
  }

  private static String cleanUp(TestWorkflowEnvironment engine, DrillLeftovers leftovers, String workflowId) {
    return engine.getWorkflowClient().newWorkflowStub(DrillLeftoversWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId).setTaskQueue(TaskQueues.OPERATIONS).build()).cleanUp(leftovers);
  }

  private static void record(TestWorkflowEnvironment engine, DrillLeftovers leftovers, String name) {
    record(engine, leftovers, DrillLeftoversWorkflow.workflowId(leftovers.runId()), name);
  }

  /** Saves the history for the workflows module's DrillLeftoversReplayTest when asked to. */
  private static void record(TestWorkflowEnvironment engine, DrillLeftovers leftovers, String workflowId,
      String name) {
    if (!Boolean.getBoolean(HistoryReplay.RECORD_PROPERTY)) {
      return;
    }
    var history = engine.getWorkflowClient().fetchHistory(workflowId);
    Path target = Path.of("../workflows/src/test/resources/histories/drill-leftovers", name + ".json");
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(target, history.toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DrillDefinition drill(String name) {
    return new DrillDefinition(name, "test drill",
        new DrillTarget(DrillTarget.POSTGRES, "localhost", source.getPort(), "leftovers", "postgres", null, 2),
        BackupSource.FRESH_DUMP, new DrillVerification(true, List.of(), List.of(), 1),
        RecoveryObjectives.STUDIO_DEFAULTS, new DrillReporting(null, false, "game-db", "SEV2"), null);
  }

  private static boolean databaseExists(String name) throws SQLException {
    try (Connection connection = source.getPostgresDatabase().getConnection();
        var statement = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
      statement.setString(1, name);
      return statement.executeQuery().next();
    }
  }
}
