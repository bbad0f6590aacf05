package dev.pitcrew.api.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseTimeoutsTest {
  private static DatabaseProperties timeouts(Duration statementTimeout) {
    return new DatabaseProperties(Duration.ofSeconds(3), statementTimeout, Duration.ofMillis(6500), Duration.ofSeconds(2));
  }

  @Test
  void everyPoolGetsThePoolDriverAndStatementDeadlines() {
    try (HikariDataSource pool = new HikariDataSource()) {
      DatabaseTimeouts.apply(timeouts(Duration.ofSeconds(5)), pool);

      assertThat(pool.getConnectionTimeout()).isEqualTo(3000);
      assertThat(pool.getValidationTimeout()).isLessThan(pool.getConnectionTimeout());
      assertThat(pool.getDataSourceProperties())
          .containsEntry("connectTimeout", "3")
          .containsEntry("socketTimeout", "7")
          .containsEntry("options", "-c statement_timeout=5000");
    }
  }

  @Test
  void optionsAnOperatorSetAreKept() {
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.addDataSourceProperty("options", "-c search_path=pitcrew");

      DatabaseTimeouts.apply(timeouts(Duration.ofSeconds(5)), pool);

      assertThat(pool.getDataSourceProperties())
          .containsEntry("options", "-c search_path=pitcrew -c statement_timeout=5000");
    }
  }

  @Test
  void aZeroStatementTimeoutSendsNoStartupOptionsForPgBouncer() {
    try (HikariDataSource pool = new HikariDataSource()) {
      DatabaseTimeouts.apply(timeouts(Duration.ZERO), pool);

      assertThat(pool.getDataSourceProperties()).doesNotContainKey("options").containsKey("socketTimeout");
    }
  }

  @Test
  void aSocketTimeoutThatWouldCutOffAllowedStatementsIsInvalid() {
    assertThat(new DatabaseProperties(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5),
        Duration.ofSeconds(2)).isSocketTimeoutLongerThanStatementTimeout()).isFalse();
  }
}
