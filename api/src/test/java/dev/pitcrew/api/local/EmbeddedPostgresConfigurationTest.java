package dev.pitcrew.api.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class EmbeddedPostgresConfigurationTest {
  @TempDir Path dataDir;

  private LocalModeProperties local() {
    return new LocalModeProperties(dataDir, 7233, 8233, 0, Duration.ofSeconds(5), LocalModeProperties.Engine.AUTO);
  }

  private static JdbcClient jdbc(LocalPostgres postgres) {
    return JdbcClient.create(postgres.server().getPostgresDatabase());
  }

  @Test
  void dataSurvivesARestart() throws Exception {
    EmbeddedPostgresConfiguration configuration = new EmbeddedPostgresConfiguration();

    try (LocalPostgres first = configuration.localPostgres(local())) {
      jdbc(first).sql("create table kept (note text)").update();
      jdbc(first).sql("insert into kept values ('written before the restart')").update();
    }

    try (LocalPostgres second = configuration.localPostgres(local())) {
      assertThat(jdbc(second).sql("select note from kept").query(String.class).single())
          .isEqualTo("written before the restart");
    }
    assertThat(dataDir.resolve("pg").resolve("PG_VERSION")).exists();
  }

  @Test
  void theEmbeddedServerIsTheMajorVersionPitcrewPromisesAndOneOfAnotherMajorIsRefusedWithWhatToDo() throws Exception {
    try (LocalPostgres postgres = new EmbeddedPostgresConfiguration().localPostgres(local())) {
      int versionNum = jdbc(postgres).sql("select current_setting('server_version_num')::int").query(Integer.class)
          .single();
      assertThat(versionNum / 10000).as("the binaries' major, as the docs and the drill guide state")
          .isEqualTo(EmbeddedPostgresConfiguration.EMBEDDED_MAJOR);
    }

    Path otherDataDir = dataDir.resolve("older");
    Files.createDirectories(otherDataDir.resolve("pg"));
    Files.writeString(otherDataDir.resolve("pg").resolve("PG_VERSION"), "17\n");
    LocalModeProperties older =
        new LocalModeProperties(otherDataDir, 7233, 8233, 0, Duration.ofSeconds(5), LocalModeProperties.Engine.AUTO);
    assertThatThrownBy(() -> new EmbeddedPostgresConfiguration().localPostgres(older))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds a PostgreSQL 17 cluster, and this Pitcrew embeds PostgreSQL 15")
        .hasMessageContaining("move " + otherDataDir.resolve("pg").toAbsolutePath() + " aside");
  }

  @Test
  void aClusterAnOlderVersionCreatedWithTrustGetsAPasswordAndKeepsItsData() throws Exception {
    Path pg = dataDir.resolve("pg");
    try (EmbeddedPostgres older = EmbeddedPostgres.builder().setDataDirectory(pg).setCleanDataDirectory(false).start()) {
      JdbcClient.create(older.getPostgresDatabase()).sql("create table kept (note text)").update();
      JdbcClient.create(older.getPostgresDatabase()).sql("insert into kept values ('from the trust days')").update();
    }
    assertThat(dataDir.resolve("pg-password")).doesNotExist();

    try (LocalPostgres upgraded = new EmbeddedPostgresConfiguration().localPostgres(local())) {
      assertThat(jdbc(upgraded).sql("select note from kept").query(String.class).single())
          .isEqualTo("from the trust days");
      assertThat(dataDir.resolve("pg-password")).exists();
      assertThatThrownBy(() -> DriverManager.getConnection(upgraded.jdbcUrl(), "postgres", "").close())
          .isInstanceOf(SQLException.class);
    }

    String kept = Files.readString(dataDir.resolve("pg-password")).strip();
    try (LocalPostgres again = new EmbeddedPostgresConfiguration().localPostgres(local())) {
      assertThat(again.password()).isEqualTo(kept);
      DriverManager.getConnection(again.jdbcUrl(), "postgres", kept).close();
    }
  }

  @Test
  void aPostgresLeftRunningByACrashedPitcrewIsStoppedAndTheNextStartSucceedsFirstTime() throws Exception {
    Process crashed = startInChildJvm(false);
    long orphanPid;
    try {
      orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid")).getFirst().strip());
    } finally {
      crashed.destroyForcibly();
      crashed.waitFor(10, TimeUnit.SECONDS);
    }
    Optional<ProcessHandle> orphan = ProcessHandle.of(orphanPid);
    assertThat(orphan).as("the postmaster outlives the killed JVM").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

    try (LocalPostgres restarted = new EmbeddedPostgresConfiguration().localPostgres(local())) {
      assertThat(jdbc(restarted).sql("select note from written_by_child").query(String.class).single())
          .isEqualTo("before the crash");
      assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
    }
  }

  @Test
  void withTheWatchdogAKilledPitcrewsPostgresStopsByItself() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "the watchdog needs /proc (Linux)");
    Process crashed = startInChildJvm(true);
    long postmasterPid =
        Long.parseLong(Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid")).getFirst().strip());
    ProcessHandle postmaster = ProcessHandle.of(postmasterPid).orElseThrow();

    crashed.destroyForcibly();
    crashed.waitFor(10, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(20)).until(() -> !postmaster.isAlive());
    try (LocalPostgres restarted = new EmbeddedPostgresConfiguration().localPostgres(local())) {
      assertThat(jdbc(restarted).sql("select note from written_by_child").query(String.class).single())
          .isEqualTo("before the crash");
    }
  }

  /** Starts local mode's PostgreSQL in a child JVM and writes a row through it with the password it saved. */
  private Process startInChildJvm(boolean watchdog) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(
            List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LocalPostgresChildProcess.class.getName(), dataDir.toString(), watchdog ? "--watchdog" : "-"))
        .redirectErrorStream(true)
        .start();
    BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = output.readLine()) != null) {
      if (line.startsWith(LocalPostgresChildProcess.READY)) {
        int port = Integer.parseInt(line.substring(LocalPostgresChildProcess.READY.length()).strip());
        String password = Files.readString(dataDir.resolve("pg-password")).strip();
        try (var connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
            var statement = connection.createStatement()) {
          statement.execute("create table written_by_child (note text)");
          statement.execute("insert into written_by_child values ('before the crash')");
        }
        Thread.ofVirtual().start(() -> {
          try {
            output.lines().forEach(ignored -> {});
          } catch (java.io.UncheckedIOException closedWhenKilled) {
            // the child was killed: nothing more to drain
          }
        });
        return child;
      }
    }
    throw new AssertionError("the child JVM exited before its PostgreSQL was ready: exit " + child.waitFor());
  }
}
