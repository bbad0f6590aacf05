package dev.pitcrew.api.database;

import dev.pitcrew.workers.health.CachedHealthIndicator;
import dev.pitcrew.workers.health.HealthCacheProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Deadlines for PostgreSQL: pool and driver timeouts, a db health check that answers in time, unhurried migrations. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthCacheProperties.class)
public class DatabaseConfiguration {

  @Bean
  static DatabaseTimeouts databaseTimeouts(ObjectProvider<DatabaseProperties> properties) {
    return new DatabaseTimeouts(properties);
  }

  /**
   * Named like Boot's own so that Boot's (which waits as long as the driver does) steps aside. Asks PostgreSQL at
   * most once per {@code pitcrew.health.cache-ttl}, however often probes ask.
   */
  @Bean
  HealthIndicator dbHealthIndicator(
      DataSource dataSource, DatabaseProperties properties, HealthCacheProperties cache) {
    return new CachedHealthIndicator(new DatabaseHealthIndicator(dataSource, properties.healthTimeout()),
        cache.cacheTtl());
  }

  @Bean
  @ConditionalOnClass(name = "org.flywaydb.core.Flyway")
  MigrationConnections migrationConnections() {
    return new MigrationConnections();
  }
}
