package dev.pitcrew.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.drill.testing.GameData;
import dev.pitcrew.activities.drill.testing.Postgres15;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.drill.BackupSource;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillReport;
import dev.pitcrew.workflows.drill.DrillReporting;
import dev.pitcrew.workflows.drill.DrillRequest;
import dev.pitcrew.workflows.drill.DrillTarget;
import dev.pitcrew.workflows.drill.DrillVerification;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import dev.pitcrew.workflows.drill.DrillWorkflowImpl;
import dev.pitcrew.workflows.drill.RecoveryObjectives;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A drill's wall time against the raw {@code pg_dump | pg_restore} of the same ~100 MB database in the same run
 * (goal: at most 1.1 times). Tagged {@code benchmark}, so the build leaves it out; run it on a quiet machine:
 * {@code ./mvnw -pl activities -am test -Dtest=DrillBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpitcrew.excludedTestGroups=storm}.
 */
@Tag("benchmark")
class DrillBenchmarkTest {
  /** About 100 MB on disk: players with a jsonb profile, two items each, one index. */
  static final int PLAYERS = 200_000;

  @TempDir Path work;

  @Test
  void aDrillTakesAtMostATenthLongerThanRawDumpAndRestore() throws Exception {
    EmbeddedPostgres server = Postgres15.server();
    GameData.create(server, "bench", PLAYERS);

    long rawStarted = System.nanoTime();
    Process raw = new ProcessBuilder("sh", "-c", "createdb -h localhost -p " + server.getPort() + " -U postgres "
        + "bench_raw && pg_dump -Fc -h localhost -p " + server.getPort() + " -U postgres bench | pg_restore "
        + "--no-owner -h localhost -p " + server.getPort() + " -U postgres -d bench_raw")
        .redirectErrorStream(true).start();
    String rawOutput = new String(raw.getInputStream().readAllBytes());
    assertThat(raw.waitFor()).as(rawOutput).isZero();
    Duration rawTime = Duration.ofNanos(System.nanoTime() - rawStarted);
    try (Connection admin = server.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
      statement.execute("drop database bench_raw");
    }

    DrillProperties properties = new DrillProperties(null, work, Duration.ofSeconds(2), Duration.ofMinutes(30));
    DrillDefinitionStore definitions = new DrillDefinitionStore(JdbcClient.create(TestDatabase.dataSource()));
    definitions.save(new DrillDefinition("bench", "benchmark",
        new DrillTarget(DrillTarget.POSTGRES, "localhost", server.getPort(), "bench", "postgres", null, 2),
        BackupSource.FRESH_DUMP, new DrillVerification(true, List.of("public.players"), List.of(), 2),
        RecoveryObjectives.STUDIO_DEFAULTS, new DrillReporting(null, false, null, null), null), "benchmark");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(TaskQueues.OPERATIONS);
      worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          new DrillActivitiesImpl(definitions, new DrillTargets(TestDatabase.dataSource()),
              new PostgresTools(properties), properties),
          new DrillReportActivitiesImpl(JdbcClient.create(TestDatabase.dataSource()),
              new DrillMetrics(new SimpleMeterRegistry())),
          new RecordingRunIndex());
      env.start();
      long drillStarted = System.nanoTime();
      DrillReport report = env.getWorkflowClient().newWorkflowStub(DrillWorkflow.class, WorkflowOptions.newBuilder()
              .setWorkflowId(DrillWorkflow.workflowId("bench")).setTaskQueue(TaskQueues.OPERATIONS).build())
          .run(new DrillRequest("bench", "benchmark", "api", null));
      Duration drillTime = Duration.ofNanos(System.nanoTime() - drillStarted);

      double ratio = (double) drillTime.toMillis() / rawTime.toMillis();
      System.out.printf(Locale.ROOT, "benchmark: raw pg_dump | pg_restore %d ms, drill %d ms (%s), ratio %.2f%n",
          rawTime.toMillis(), drillTime.toMillis(), report.summary(), ratio);
      assertThat(report.passed()).isTrue();
      assertThat(ratio).as("drill / raw wall time").isLessThanOrEqualTo(1.1);
    }
  }
}
