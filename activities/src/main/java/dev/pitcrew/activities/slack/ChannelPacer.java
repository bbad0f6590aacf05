package dev.pitcrew.activities.slack;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces this process's messages to one channel by at least the configured interval (Slack allows about one
 * message per second per channel). A caller that would wait longer than {@link #MAX_WAIT} is told to retry later
 * instead of holding an activity slot. Across processes, Slack's own 429 with Retry-After is the backstop.
 */
final class ChannelPacer {
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  private final long intervalNanos;
  private final ConcurrentHashMap<String, Long> nextSlot = new ConcurrentHashMap<>();

  ChannelPacer(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  void acquire(String channel, String method) {
    long now = System.nanoTime();
    long[] wait = new long[1];
    nextSlot.compute(channel, (c, next) -> {
      long slot = next == null || next - now < 0 ? now : next;
      wait[0] = slot - now;
      return wait[0] > MAX_WAIT.toNanos() ? next : slot + intervalNanos;
    });
    if (wait[0] > MAX_WAIT.toNanos()) {
      throw new SlackFailure.RateLimited(method, Duration.ofNanos(wait[0]));
    }
    if (wait[0] > 0) {
      LockSupport.parkNanos(wait[0]);
    }
  }
}
