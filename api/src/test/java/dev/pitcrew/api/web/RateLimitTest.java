package dev.pitcrew.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  @Test
  void readsTheWayItIsWritten() {
    assertThat(RateLimit.valueOf("20/1s burst 40")).isEqualTo(new RateLimit(20, Duration.ofSeconds(1), 40));
    assertThat(RateLimit.valueOf("5/1m")).isEqualTo(new RateLimit(5, Duration.ofMinutes(1), 5));
    assertThat(RateLimit.valueOf(" 50 / s BURST 100 ")).isEqualTo(new RateLimit(50, Duration.ofSeconds(1), 100));
    assertThat(RateLimit.valueOf("3/PT1H")).isEqualTo(new RateLimit(3, Duration.ofHours(1), 3));
  }

  @Test
  void aMistypedLimitSaysHowToWriteIt() {
    assertThatThrownBy(() -> RateLimit.valueOf("20 per second"))
        .hasMessageContaining("<requests>/<period>[ burst <n>]");
    assertThatThrownBy(() -> RateLimit.valueOf("0/1s")).hasMessageContaining("at least 1 request");
    assertThatThrownBy(() -> RateLimit.valueOf("5/0s")).hasMessageContaining("longer than zero");
  }
}
