package dev.pitcrew.api.runs;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** A migrated PostgreSQL with N synthetic runs spread over types, statuses and 30 days, for scale checks. */
final class RunIndexFixture implements AutoCloseable {
  private static final String[] TYPES = {"self-check", "deploy", "incident", "ticket-sla", "drill"};

  private final EmbeddedPostgres postgres;
  final DataSource dataSource;
  final JdbcClient jdbc;

  RunIndexFixture() {
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // One kept-open connection, like a pool's: opening a connection per query would swamp what is measured.
    dataSource = new SingleConnectionDataSource(postgres.getJdbcUrl("postgres", "postgres"), true);
    Flyway.configure().dataSource(dataSource).load().migrate();
    jdbc = JdbcClient.create(dataSource);
  }

  /** Replaces the index content with {@code count} runs, 1 in 20 still running, and refreshes planner stats. */
  void fill(int count) {
    jdbc.sql("truncate runs").update();
    jdbc.sql(
            """
            insert into runs (workflow_id, run_id, run_type, status, phase, service, sequence, started_at,
                              updated_at, closed_at)
            select 'run-' || i, 'first-run-' || i,
                   (array['self-check','deploy','incident','ticket-sla','drill'])[1 + i % 5],
                   case when i % 20 = 0 then 'RUNNING' when i % 7 = 0 then 'FAILED' else 'COMPLETED' end,
                   'Completed', 'game-api', 3,
                   now() - (i * interval '30 days' / :count),
                   now() - (i * interval '30 days' / :count),
                   now() - (i * interval '30 days' / :count)
            from generate_series(1, :count) as i
            """)
        .param("count", count)
        .update();
    jdbc.sql("analyze runs").update();
  }

  static String[] types() {
    return TYPES.clone();
  }

  @Override
  public void close() throws IOException {
    ((SingleConnectionDataSource) dataSource).destroy();
    postgres.close();
  }
}
