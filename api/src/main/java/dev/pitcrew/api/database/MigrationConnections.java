package dev.pitcrew.api.database;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;

/**
 * Migrations open their own connections, without the request deadlines of {@link DatabaseTimeouts}: a CREATE
 * INDEX on a grown table may rightly run for minutes, and cutting it off at a few seconds would fail start-up.
 */
class MigrationConnections implements FlywayConfigurationCustomizer {
  @Override
  public void customize(FluentConfiguration configuration) {
    if (configuration.getDataSource() instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
      configuration.dataSource(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }
  }
}
