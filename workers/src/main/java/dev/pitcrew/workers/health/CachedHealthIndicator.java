package dev.pitcrew.workers.health;

import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A health indicator whose answer is reused for a while: one caller at a time asks the real check when the last
 * answer is older than the time to live; everyone else gets the last answer meanwhile.
 */
public final class CachedHealthIndicator implements HealthIndicator {
  private final HealthIndicator check;
  private final long ttlNanos;
  private Health last;
  private long checkedAtNanos;

  public CachedHealthIndicator(HealthIndicator check, Duration ttl) {
    this.check = check;
    this.ttlNanos = ttl.toNanos();
  }

  @Override
  public synchronized Health health() {
    long now = System.nanoTime();
    if (last == null || now - checkedAtNanos >= ttlNanos) {
      last = check.health();
      checkedAtNanos = System.nanoTime();
    }
    return last;
  }
}
