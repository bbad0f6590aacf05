package dev.pitcrew.api.database;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every Hikari pool (the embedded database's and Boot's for an external one) the {@link DatabaseProperties}
 * deadlines, so a stalled PostgreSQL costs a request seconds, not the driver's default of waiting forever.
 * Applied after Boot binds {@code spring.datasource.hikari.*}, before the pool opens its first connection.
 */
class DatabaseTimeouts implements BeanPostProcessor {
  private final ObjectProvider<DatabaseProperties> properties;

  DatabaseTimeouts(ObjectProvider<DatabaseProperties> properties) {
    this.properties = properties;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource pool) {
      apply(properties.getObject(), pool);
    }
    return bean;
  }

  static void apply(DatabaseProperties timeouts, HikariDataSource pool) {
    pool.setConnectionTimeout(timeouts.connectionTimeout().toMillis());
    // Checking an idle connection must fit inside the wait for one, or a stalled server eats the whole wait.
    pool.setValidationTimeout(Math.max(250, Math.min(2000, timeouts.connectionTimeout().toMillis() / 2)));
    pool.addDataSourceProperty("connectTimeout", seconds(timeouts.connectionTimeout()));
    pool.addDataSourceProperty("socketTimeout", seconds(timeouts.socketTimeout()));
    if (timeouts.statementTimeout().isZero()) {
      return; // PgBouncer and some proxies refuse the startup "options" parameter
    }
    String statementTimeout = "-c statement_timeout=" + timeouts.statementTimeout().toMillis();
    Object options = pool.getDataSourceProperties().get("options");
    pool.addDataSourceProperty(
        "options", options == null || options.toString().isBlank() ? statementTimeout : options + " " + statementTimeout);
  }

  /** The PostgreSQL driver counts these in whole seconds; round up so a sub-second setting never means "none". */
  private static String seconds(Duration duration) {
    return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
  }
}
