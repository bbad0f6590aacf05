package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which topics a stream opened late starts with: those that changed since its page was read, no more; and that a
 * replica shutting down ends its streams.
 */
class LiveCatchUpTest {
  private final MovingClock clock = new MovingClock(Instant.parse("2026-11-30T12:00:00Z"));
  private final LiveStreams streams = new LiveStreams(clock);

  @Test
  void aPageReadBeforeTheFeedListenedMayHaveMissedAnything() {
    Instant pageRead = clock.instant();
    assertThat(streams.missedSince(pageRead)).containsExactlyElementsOf(LiveTopics.ALL);
    clock.advance(Duration.ofMinutes(1));
    streams.listening(false);
    assertThat(streams.missedSince(pageRead)).containsExactlyElementsOf(LiveTopics.ALL);
  }

  @Test
  void onlyTheTopicsChangedSinceThePageWasReadAreSent() {
    streams.listening(false);
    clock.advance(Duration.ofMinutes(1));
    streams.publish(List.of(LiveTopics.INCIDENTS));
    clock.advance(Duration.ofMinutes(1));
    Instant pageRead = clock.instant();
    clock.advance(Duration.ofMillis(300));
    streams.publish(List.of(LiveTopics.TICKETS));

    assertThat(streams.missedSince(pageRead)).containsExactly(LiveTopics.TICKETS);
    assertThat(streams.missedSince(clock.instant().plus(LiveStreams.CLOCK_SKEW).plusMillis(1)))
        .as("a page read after the change").isEmpty();
    assertThat(streams.missedSince(clock.instant().plus(LiveStreams.CLOCK_SKEW)))
        .as("read on a replica whose clock is ahead by the allowed skew").containsExactly(LiveTopics.TICKETS);
    assertThat(streams.missedSince(null)).as("a client that asks for nothing past").isEmpty();
  }

  @Test
  void listeningAgainAfterALostConnectionCountsAsEveryTopicChanged() {
    streams.listening(false);
    clock.advance(Duration.ofMinutes(1));
    Instant pageRead = clock.instant();
    assertThat(streams.missedSince(pageRead)).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    streams.listening(true);
    assertThat(streams.missedSince(pageRead)).containsExactlyElementsOf(LiveTopics.ALL);
  }

  @Test
  void shuttingDownEndsEveryOpenStreamSoGracefulShutdownDoesNotWaitForThem() {
    var first = streams.open(null);
    var second = streams.open(clock.instant());
    assertThat(streams.size()).isEqualTo(2);

    streams.endAll();

    assertThat(streams.size()).isZero();
    for (var stream : List.of(first, second)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> stream.send("after the end"))
          .as("a completed stream takes nothing more").isInstanceOf(IllegalStateException.class);
    }
  }

  private static final class MovingClock extends Clock {
    private Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
