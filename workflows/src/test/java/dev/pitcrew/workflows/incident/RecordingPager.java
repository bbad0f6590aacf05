package dev.pitcrew.workflows.incident;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** PagerDuty test double: remembers every attempt and every accepted event, and can answer 429 first. */
class RecordingPager implements PagingActivities {
  record Event(String action, String pagerDutyService, EscalationStep step, long atMillis) {}

  static final Duration RATE_LIMIT_DELAY = Duration.ofSeconds(30);

  private final List<Event> attempts = new CopyOnWriteArrayList<>();
  private final List<Event> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger rateLimitedAnswersLeft = new AtomicInteger();
  private final LongSupplier clock;

  /** @param clock the test server's clock, so times are workflow times */
  RecordingPager(LongSupplier clock) {
    this.clock = clock;
  }

  void answerRateLimitedTimes(int times) {
    rateLimitedAnswersLeft.set(times);
  }

  @Override
  public void trigger(Page page) {
    handle(new Event("trigger", page.pagerDutyService(), page.step(), now()));
  }

  @Override
  public void acknowledge(PageUpdate update) {
    handle(new Event("acknowledge", update.pagerDutyService(), null, now()));
  }

  @Override
  public void resolve(PageUpdate update) {
    handle(new Event("resolve", update.pagerDutyService(), null, now()));
  }

  private void handle(Event event) {
    attempts.add(event);
    if (rateLimitedAnswersLeft.getAndDecrement() > 0) {
      // What the real adapter throws for HTTP 429.
      throw ApplicationFailure.newBuilder()
          .setType("RateLimited")
          .setMessage("PagerDuty answered 429")
          .setNextRetryDelay(RATE_LIMIT_DELAY)
          .build();
    }
    accepted.add(event);
  }

  List<Event> attempts() {
    return List.copyOf(attempts);
  }

  List<Event> accepted() {
    return List.copyOf(accepted);
  }

  List<Event> accepted(String action) {
    return accepted.stream().filter(e -> e.action().equals(action)).toList();
  }

  private long now() {
    return clock.getAsLong();
  }
}
