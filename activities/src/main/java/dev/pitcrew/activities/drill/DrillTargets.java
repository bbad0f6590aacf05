package dev.pitcrew.activities.drill;

import com.zaxxer.hikari.HikariDataSource;
import dev.pitcrew.workflows.drill.DrillTarget;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.springframework.stereotype.Component;

/** Turns a drill's target into a server to connect to: a configured PostgreSQL, or Pitcrew's own database. */
@Component
class DrillTargets {
  private final DataSource pitcrewDatabase;

  DrillTargets(DataSource pitcrewDatabase) {
    this.pitcrewDatabase = pitcrewDatabase;
  }

  PostgresEndpoint endpointOf(DrillTarget target) {
    if (target.targetsPitcrew()) {
      return pitcrew();
    }
    String password = null;
    if (target.passwordEnv() != null) {
      password = System.getenv(target.passwordEnv());
      if (password == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "The worker has no environment variable " + target.passwordEnv() + " (the target's passwordEnv)",
            "BadTarget");
      }
    }
    return new PostgresEndpoint(target.host(), target.portOrDefault(), target.database(), target.username(), password);
  }

  private PostgresEndpoint pitcrew() {
    if (!(pitcrewDatabase instanceof HikariDataSource hikari)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Pitcrew's own database is not reachable as a drill target from this worker's connection pool",
          "BadTarget");
    }
    Properties url = Driver.parseURL(hikari.getJdbcUrl(), new Properties());
    if (url == null) {
      throw ApplicationFailure.newNonRetryableFailure("Pitcrew's database URL is not a PostgreSQL URL", "BadTarget");
    }
    String host = url.getProperty("PGHOST", "localhost").split(",")[0];
    int port = Integer.parseInt(url.getProperty("PGPORT", "5432").split(",")[0]);
    String user = hikari.getUsername() != null ? hikari.getUsername() : url.getProperty("user");
    String password = hikari.getPassword() != null ? hikari.getPassword() : url.getProperty("password");
    return new PostgresEndpoint(host, port, url.getProperty("PGDBNAME"), user, password);
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String describe(SQLException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
