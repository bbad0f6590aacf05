package dev.pitcrew.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class MigrationsTest {

  @Test
  void migratesAnEmptyDatabaseAndIsIdempotent() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      Flyway flyway = Flyway.configure().dataSource(postgres.getPostgresDatabase()).load();

      MigrateResult first = flyway.migrate();
      MigrateResult second = flyway.migrate();

      assertThat(first.migrationsExecuted).isPositive();
      assertThat(second.migrationsExecuted).isZero();
      assertThat(flyway.info().all()).allMatch(m -> m.getState() == MigrationState.SUCCESS);
      List<String> tables =
          JdbcClient.create(postgres.getPostgresDatabase())
              .sql("select table_name from information_schema.tables where table_schema = 'public'")
              .query(String.class)
              .list();
      assertThat(tables).contains("runs", "run_requests");
    }
  }
}
