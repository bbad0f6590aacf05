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
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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

  /** Rounds of raw-then-drill; the ratio is of the medians, so one unlucky moment on a shared machine does not decide it. */
  static final int ROUNDS = 3;

  @TempDir Path work;

  @Test
  void aDrillTakesAtMostATenthLongerThanRawDumpAndRestore() throws Exception {
    EmbeddedPostgres server = Postgres15.server();
    GameData.create(server, "bench", PLAYERS);
    GameData.create(server, "bench_warm_up", 1_000);

    DrillProperties properties = new DrillProperties(null, work, Duration.ofSeconds(2), Duration.ofMinutes(30));
    DrillDefinitionStore definitions = new DrillDefinitionStore(JdbcClient.create(TestDatabase.dataSource()));
    for (String database : List.of("bench", "bench_warm_up")) {
      definitions.save(new DrillDefinition(database, "benchmark",
          new DrillTarget(DrillTarget.POSTGRES, "localhost", server.getPort(), database, "postgres", null, 2),
          BackupSource.FRESH_DUMP, new DrillVerification(true, List.of("public.players"), List.of(), 2),
          RecoveryObjectives.STUDIO_DEFAULTS, new DrillReporting(null, false, null, null), null), "benchmark");
    }
    // Real time throughout: the drill measures RPO against the clock its dump was taken by.
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build())) {
      Worker worker = env.newWorker(TaskQueues.OPERATIONS);
      worker.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          new DrillActivitiesImpl(definitions, new DrillTargets(TestDatabase.dataSource()),
              new PostgresTools(properties), properties),
          new DrillReportActivitiesImpl(JdbcClient.create(TestDatabase.dataSource()),
              new DrillMetrics(new SimpleMeterRegistry())),
          new RecordingRunIndex());
      env.start();
      // The raw pipe is two processes started cold; the drill's engine and worker are warmed up once, as they are
      // in a running Pitcrew, so the first drill's class loading is not counted against it.
      drill(env, "bench_warm_up", 0);

      List<Long> raws = new ArrayList<>();
      List<Long> drills = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        raws.add(rawDumpAndRestore(server, round).toMillis());
        long drillStarted = System.nanoTime();
        DrillReport report = drill(env, "bench", round);
        drills.add(Duration.ofNanos(System.nanoTime() - drillStarted).toMillis());
        assertThat(report.passed()).as(report.summary()).isTrue();
        System.out.printf(Locale.ROOT, "benchmark: round %d: raw pg_dump | pg_restore %d ms, drill %d ms (%s)%n",
            round, raws.getLast(), drills.getLast(), report.summary());
        report.steps().forEach(step -> System.out.printf(Locale.ROOT, "benchmark:   %s %d ms%n",
            step.name(), step.durationMillis()));
      }
      double ratio = (double) median(drills) / median(raws);
      System.out.printf(Locale.ROOT, "benchmark: median raw %d ms, median drill %d ms, ratio %.2f (load %.1f)%n",
          median(raws), median(drills), ratio,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      assertThat(ratio).as("drill / raw wall time").isLessThanOrEqualTo(1.1);
    }
  }

  private static DrillReport drill(TestWorkflowEnvironment env, String drill, int round) {
    return env.getWorkflowClient().newWorkflowStub(DrillWorkflow.class, WorkflowOptions.newBuilder()
            .setWorkflowId(DrillWorkflow.workflowId(drill) + "-" + round).setTaskQueue(TaskQueues.OPERATIONS).build())
        .run(new DrillRequest(drill, "benchmark", "api", null));
  }

  private static Duration rawDumpAndRestore(EmbeddedPostgres server, int round) throws Exception {
    String copy = "bench_raw_" + round;
    String connection = " -h localhost -p " + server.getPort() + " -U postgres ";
    long started = System.nanoTime();
    Process raw = new ProcessBuilder("sh", "-c", "createdb" + connection + copy + " && pg_dump -Fc" + connection
        + "bench | pg_restore --no-owner" + connection + "-d " + copy).redirectErrorStream(true).start();
    String output = new String(raw.getInputStream().readAllBytes());
    assertThat(raw.waitFor()).as(output).isZero();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    try (Connection admin = server.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
      statement.execute("drop database " + copy);
    }
    return took;
  }

  private static long median(List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
