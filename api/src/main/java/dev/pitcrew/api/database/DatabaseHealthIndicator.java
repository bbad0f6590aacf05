package dev.pitcrew.api.database;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code db} health component with a deadline of its own. Boot's indicator waits as long as the driver does,
 * so a paused PostgreSQL left {@code /actuator/health} hanging — and answering UP once it woke. This asks
 * {@code select 1} on a virtual thread and reports DOWN when no answer comes within the health timeout (the
 * abandoned check ends by itself at the pool's and driver's timeouts).
 */
class DatabaseHealthIndicator implements HealthIndicator {
  private final DataSource dataSource;
  private final Duration deadline;

  DatabaseHealthIndicator(DataSource dataSource, Duration deadline) {
    this.dataSource = dataSource;
    this.deadline = deadline;
  }

  @Override
  public Health health() {
    Health.Builder health = new Health.Builder().withDetail("database", "PostgreSQL").withDetail("validationQuery",
        "select 1");
    CompletableFuture<Void> check = CompletableFuture.runAsync(this::selectOne, Thread.ofVirtual()::start);
    try {
      check.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return health.up().build();
    } catch (TimeoutException e) {
      check.cancel(true);
      return health.down().withDetail("reason", "PostgreSQL did not answer within " + deadline).build();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return health.down().withDetail("reason", "PostgreSQL refused the check: " + cause.getMessage()).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return health.down().withDetail("reason", "interrupted while checking PostgreSQL").build();
    }
  }

  private void selectOne() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout((int) Math.max(1, deadline.toSeconds()));
      statement.execute("select 1");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
