package dev.pitcrew.activities.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One embedded PostgreSQL per test JVM, migrated with the module's own Flyway migrations. */
public final class TestDatabase {
  private static DataSource dataSource;

  private TestDatabase() {}

  public static synchronized DataSource dataSource() {
    if (dataSource == null) {
      try {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            postgres.close();
          } catch (IOException ignored) {
            // the JVM is going away anyway
          }
        }));
        dataSource = postgres.getPostgresDatabase();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }
    return dataSource;
  }

  public static JdbcClient jdbc() {
    return JdbcClient.create(dataSource());
  }
}
