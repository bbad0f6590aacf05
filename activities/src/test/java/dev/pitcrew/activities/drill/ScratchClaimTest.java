package dev.pitcrew.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.drill.testing.GameData;
import dev.pitcrew.activities.drill.testing.HeldPgRestore;
import dev.pitcrew.activities.drill.testing.Postgres15;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.BackupSource;
import dev.pitcrew.workflows.drill.DrillActivities;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillReporting;
import dev.pitcrew.workflows.drill.DrillTarget;
import dev.pitcrew.workflows.drill.DrillVerification;
import dev.pitcrew.workflows.drill.RecoveryObjectives;
import dev.pitcrew.workflows.drill.RestoreOutcome;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two restore attempts of one run overlap (a starved worker missed its heartbeats and Temporal retried the restore
 * while the first attempt's pg_restore still ran). The later attempt must neither drop the database under the
 * earlier one's pg_restore nor restore a second time: it waits for the claim, then finds the finished restore.
 */
class ScratchClaimTest {
  static final String SOURCE = "claimed";
  private static EmbeddedPostgres server;

  @TempDir Path work;
  private final List<TestActivityEnvironment> environments = new java.util.ArrayList<>();

  @BeforeAll
  static void database() throws SQLException {
    server = Postgres15.server();
    GameData.create(server, SOURCE, 2_000);
  }

  @AfterEach
  void close() {
    environments.forEach(TestActivityEnvironment::close);
  }

  @Test
  void aSecondAttemptWaitsForTheFirstAndKeepsItsRestore() throws Exception {
    Path dump = GameData.dump(server, SOURCE, work.resolve("claimed.dump"));
    HeldPgRestore tools = HeldPgRestore.in(work.resolve("held-tools"));
    DrillProperties held = new DrillProperties(tools.directory(), work, Duration.ofMillis(200), Duration.ofMinutes(5));
    DrillProperties plain = new DrillProperties(null, work, Duration.ofMillis(200), Duration.ofMinutes(5));
    DrillActivities first = activities(held);
    DrillActivities second = activities(plain);
    DrillDefinition definition = new DrillDefinition("claim", "overlapping attempts",
        new DrillTarget(DrillTarget.POSTGRES, "localhost", server.getPort(), SOURCE, "postgres", null, 2),
        new BackupSource(BackupSource.LATEST, work.toString()), new DrillVerification(true, List.of(), List.of(), 1),
        RecoveryObjectives.STUDIO_DEFAULTS, new DrillReporting(null, false, null, null), null);
    BackupInfo backup = new BackupInfo(dump.toString(), System.currentTimeMillis(), Files.size(dump), false, null,
        Map.of(), Map.of());
    String scratch = "pitcrew_drill_claimtest0000001";

    // Threads of their own: the common pool has one thread on a 2-core machine, which the first attempt would hold.
    ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
    CompletableFuture<RestoreOutcome> earlier =
        CompletableFuture.supplyAsync(() -> first.restore(definition, backup, scratch), attempts);
    waitFor("the first attempt's pg_restore started", () -> Files.exists(tools.started()));
    CompletableFuture<RestoreOutcome> later =
        CompletableFuture.supplyAsync(() -> second.restore(definition, backup, scratch), attempts);
    waitFor("the second attempt waits for the claim", () -> advisoryWaiters() == 1);
    assertThat(later).isNotDone();

    tools.release(); // the first attempt's pg_restore runs to its end
    RestoreOutcome restoredFirst = earlier.get(120, TimeUnit.SECONDS);
    RestoreOutcome restoredLater = later.get(120, TimeUnit.SECONDS);

    assertThat(restoredFirst.exitCode()).as("nobody dropped the database under it").isZero();
    assertThat(restoredFirst.resumed()).isFalse();
    assertThat(restoredLater.resumed()).as("the later attempt kept the finished restore").isTrue();
    assertThat(restoredLater.exitCode()).isZero();
    assertThat(rows(scratch, "players")).isEqualTo(2_000);

    assertThat(second.cleanUp(definition, scratch, null)).isTrue();
    assertThat(rows("postgres", "(select 1 from pg_database where datname = '" + scratch + "') d")).isZero();
  }

  private DrillActivities activities(DrillProperties properties) {
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    environments.add(environment);
    DrillDefinitionStore definitions = new DrillDefinitionStore(JdbcClient.create(TestDatabase.dataSource()));
    environment.registerActivitiesImplementations(new DrillActivitiesImpl(definitions,
        new DrillTargets(TestDatabase.dataSource()), new PostgresTools(properties), properties));
    return environment.newActivityStub(DrillActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5)).setHeartbeatTimeout(Duration.ofSeconds(10)).build());
  }

  private static long advisoryWaiters() throws SQLException {
    return rows("postgres", "pg_locks where locktype = 'advisory' and not granted");
  }

  private static long rows(String database, String from) throws SQLException {
    try (Connection connection = server.getDatabase("postgres", database).getConnection();
        var statement = connection.createStatement();
        var result = statement.executeQuery("select count(*) from " + from)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static void waitFor(String what, CheckedCondition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.holds()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @FunctionalInterface
  interface CheckedCondition {
    boolean holds() throws Exception;
  }
}
