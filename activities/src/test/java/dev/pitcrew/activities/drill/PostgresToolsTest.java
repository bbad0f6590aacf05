package dev.pitcrew.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which pg_dump/pg_restore a drill runs, with the real client tools of the machine (Debian's
 * postgresql-client-15, see infra/test-tools/debian-packages): one at least the server's major version, or a
 * failure naming both versions and how to get the right one.
 */
class PostgresToolsTest {
  @TempDir Path empty;

  @Test
  void theClientOnThePathServesAServerOfItsOwnVersion() {
    PostgresTools tools = new PostgresTools(properties(null));

    assertThat(tools.requireCompatible("pg_dump", 150014, "15.14")).endsWith("pg_dump");
  }

  @Test
  void aServerNewerThanEveryInstalledClientFailsNamingBothVersionsAndWhereToGetTheClient() {
    PostgresTools tools = new PostgresTools(properties(null));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> tools.requireCompatible("pg_restore", 990001, "99.1"));

    assertThat(failure.getType()).isEqualTo("ToolVersionMismatch");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).matches("pg_restore \\d+\\.\\d+ \\(pg_restore\\) is older than the server's PostgreSQL 99\\.1, "
            + "and no newer one was found on the PATH or under /usr/lib/postgresql: install the PostgreSQL 99 "
            + "client tools \\(Debian: postgresql-client-99, from the PostgreSQL apt repository apt.postgresql.org.*"
            + "PITCREW_DRILLS_PGBINDIR.*");
  }

  @Test
  void aConfiguredDirectoryWithoutTheToolIsNamed() {
    PostgresTools tools = new PostgresTools(properties(empty));

    assertThat(catchThrowableOfType(ApplicationFailure.class,
        () -> tools.requireCompatible("pg_dump", 150014, "15.14")).getOriginalMessage()).startsWith("pg_dump was not found in pitcrew.drills.pg-bin-dir " + empty
            + "; the server is PostgreSQL 15.14: install the PostgreSQL 15 client tools (Debian: postgresql-client-15)");
  }

  /** A pgbackrest restore is bounded by the drill's restoreTimeoutMinutes: a tool past its limit is stopped. */
  @Test
  void aToolPastItsLimitIsStoppedAndTheStepFailsNamingTheLimit() throws Exception {
    PostgresTools tools = new PostgresTools(properties(null));
    java.nio.file.Files.createDirectories(work());
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    try {
      environment.registerActivitiesImplementations((SlowTool) () -> tools.run(List.of("sleep", "300"),
          new PostgresEndpoint("localhost", 5432, "game", "drills", null), work().resolve("sleep.err"),
          Duration.ofSeconds(2)).exitCode());
      SlowTool slow = environment.newActivityStub(SlowTool.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2)).setHeartbeatTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
      long began = System.nanoTime();

      ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, slow::run);

      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(60));
      assertThat(failure.getCause()).isInstanceOfSatisfying(ApplicationFailure.class, cause -> {
        assertThat(cause.getType()).isEqualTo("RecoveryFailed");
        assertThat(cause.getOriginalMessage()).startsWith("sleep did not finish within 0 min (2 s) and was stopped");
      });
      assertThat(ProcessHandle.current().descendants()
          .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 300"))).as("the tool was stopped").isFalse();
    } finally {
      environment.close();
    }
  }

  @ActivityInterface
  public interface SlowTool {
    int run();
  }

  private Path work() {
    return empty.resolve("work");
  }

  private DrillProperties properties(Path binDir) {
    return new DrillProperties(binDir, work(), Duration.ofSeconds(1), Duration.ofMinutes(1));
  }
}
