package dev.pitcrew.api.database;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Deadlines for PostgreSQL: pool and driver timeouts, a db health check that answers in time, unhurried migrations. */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

  @Bean
  static DatabaseTimeouts databaseTimeouts(ObjectProvider<DatabaseProperties> properties) {
    return new DatabaseTimeouts(properties);
  }

  /** Named like Boot's own so that Boot's (which waits as long as the driver does) steps aside. */
  @Bean
  DatabaseHealthIndicator dbHealthIndicator(DataSource dataSource, DatabaseProperties properties) {
    return new DatabaseHealthIndicator(dataSource, properties.healthTimeout());
  }

  @Bean
  @ConditionalOnClass(name = "org.flywaydb.core.Flyway")
  MigrationConnections migrationConnections() {
    return new MigrationConnections();
  }
}
