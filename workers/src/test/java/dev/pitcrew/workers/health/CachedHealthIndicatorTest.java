package dev.pitcrew.workers.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

class CachedHealthIndicatorTest {
  private final AtomicInteger asked = new AtomicInteger();

  private CachedHealthIndicator cachedFor(Duration ttl) {
    return new CachedHealthIndicator(() -> Health.up().withDetail("answer", asked.incrementAndGet()).build(), ttl);
  }

  @Test
  void withinThePeriodEveryCallerGetsTheOneAnswer() {
    CachedHealthIndicator cached = cachedFor(Duration.ofHours(1));
    for (int i = 0; i < 50; i++) {
      assertThat(cached.health().getDetails()).containsEntry("answer", 1);
    }
    assertThat(asked).hasValue(1);
  }

  @Test
  void onceThePeriodHasPassedTheRealCheckIsAskedAgain() throws InterruptedException {
    CachedHealthIndicator cached = cachedFor(Duration.ofMillis(50));
    assertThat(cached.health().getDetails()).containsEntry("answer", 1);
    Thread.sleep(100); // at least the period: the monotonic clock has moved past it whatever the load
    assertThat(cached.health().getDetails()).containsEntry("answer", 2);
  }

  @Test
  void aZeroPeriodAsksEveryTime() {
    CachedHealthIndicator cached = cachedFor(Duration.ZERO);
    cached.health();
    cached.health();
    assertThat(asked).hasValue(2);
  }
}
