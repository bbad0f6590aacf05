package dev.pitcrew.activities.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;

class StorageRefusedTest {

  private static RuntimeException postgres(String sqlState) {
    return new DataIntegrityViolationException("write failed", new SQLException("refused", sqlState));
  }

  @Test
  void aDataExceptionFailsOnceWithoutRetrying() {
    assertThatThrownBy(() -> StorageRefused.translating("incident inc-1", () -> {
      throw postgres("22021"); // invalid byte sequence for encoding "UTF8": 0x00
    }))
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getType()).isEqualTo(StorageRefused.TYPE);
          assertThat(failure.getOriginalMessage()).contains("incident inc-1", "22021");
        });
  }

  @Test
  void notNullAndCheckViolationsAreRefusalsButRacesAndOutagesStayRetryable() {
    assertThat(StorageRefused.refused("23502")).isTrue();
    assertThat(StorageRefused.refused("23514")).isTrue();
    assertThat(StorageRefused.refused("23505")).as("unique violation: a race").isFalse();
    assertThat(StorageRefused.refused("23503")).as("foreign key: parent not written yet").isFalse();
    assertThat(StorageRefused.refused("08006")).as("connection failure").isFalse();

    RuntimeException outage = new TransientDataAccessResourceException("down", new SQLException("gone", "08006"));
    assertThatThrownBy(() -> StorageRefused.translating("row", () -> {
      throw outage;
    })).isSameAs(outage);
  }
}
