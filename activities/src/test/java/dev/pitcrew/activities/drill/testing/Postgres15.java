package dev.pitcrew.activities.drill.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/**
 * A PostgreSQL 15 server for drill tests: the major version of Debian 12's client tools, which refuse to dump a
 * newer server. Its binaries come from the zonky 15.x jar Maven copies to {@code target/postgres15/} (the class
 * path holds the 17.x ones Pitcrew's own tests use). One per test JVM.
 */
public final class Postgres15 {
  static final Path BINARIES_JAR = Path.of("target/postgres15/postgres15-binaries.jar");
  private static EmbeddedPostgres server;

  private Postgres15() {}

  /** zonky's PostgreSQL 15 binaries, for a server of another configuration than {@link #server()}'s. */
  public static PgBinaryResolver binaryResolver() {
    if (!Files.isRegularFile(BINARIES_JAR)) {
      throw new IllegalStateException(BINARIES_JAR.toAbsolutePath() + " is missing: run the tests through Maven,"
          + " whose generate-test-resources phase copies it");
    }
    return (system, machine) -> {
      try (ZipFile jar = new ZipFile(BINARIES_JAR.toFile())) {
        return new ByteArrayInputStream(jar.getInputStream(jar.getEntry(("postgres-" + system + "-" + machine
            + ".txz").toLowerCase(java.util.Locale.ROOT))).readAllBytes());
      }
    };
  }

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setPgBinaryResolver(binaryResolver()).start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException ignored) {
          // the JVM is going away anyway
        }
      }));
    }
    return server;
  }
}
