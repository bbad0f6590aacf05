package dev.pitcrew.activities.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** One real, migrated PostgreSQL per test JVM; tests isolate themselves by the IDs they write. */
public final class TestDatabase {
  private static EmbeddedPostgres postgres;

  private TestDatabase() {}

  public static synchronized DataSource migrated() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
      Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
    }
    return postgres.getPostgresDatabase();
  }

  private static void stop() {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // The JVM is exiting; the temporary cluster is removed with it.
    }
  }
}
