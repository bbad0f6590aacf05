package dev.pitcrew.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
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

  private Path work() {
    return empty.resolve("work");
  }

  private DrillProperties properties(Path binDir) {
    return new DrillProperties(binDir, work(), Duration.ofSeconds(1), Duration.ofMinutes(1));
  }
}
