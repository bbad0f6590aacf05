package dev.pitcrew.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AuditPropertiesTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(AuditConfiguration.class);

  @Test
  void retentionDefaultsTo400Days() {
    context.run(c -> assertThat(c.getBean(AuditProperties.class).retention()).isEqualTo(Duration.ofDays(400)));
  }

  @Test
  void retentionIsReadInAnyDurationForm() {
    context.withPropertyValues("pitcrew.audit.retention=30d")
        .run(c -> assertThat(c.getBean(AuditProperties.class).retention()).isEqualTo(Duration.ofDays(30)));
  }

  @Test
  void aRetentionBelowOneDayStopsStartUpNamingTheSetting() {
    context.withPropertyValues("pitcrew.audit.retention=1h").run(c -> {
      assertThat(c).hasFailed();
      assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("pitcrew.audit.retention");
    });
  }
}
