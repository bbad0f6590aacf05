package dev.pitcrew.workflows.run;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Waits whose timer says in the Temporal UI what it is for ("wait for approval, times out 14:30 UTC"), where
 * {@code Workflow.await(Duration, condition)} would show an anonymous timer. Only use from workflow code.
 */
public final class Waits {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("MMM d HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Waits() {}

  /**
   * Like {@code Workflow.await(timeout, condition)}: true when the condition came true first, false when the
   * timeout expired. The timer carries {@code summary}, and is cancelled once the condition is met.
   */
  public static boolean await(Duration timeout, String summary, Supplier<Boolean> condition) {
    Promise<?>[] timer = new Promise<?>[1];
    CancellationScope scope = Workflow.newCancellationScope(
        () -> timer[0] = Workflow.newTimer(timeout, TimerOptions.newBuilder().setSummary(summary).build()));
    scope.run();
    Workflow.await(() -> timer[0].isCompleted() || condition.get());
    boolean conditionMet = !timer[0].isCompleted();
    if (conditionMet) {
      scope.cancel();
    }
    return conditionMet;
  }

  /** A moment in workflow time as on-call reads it: "14:30 UTC", with the date when it is not within a day. */
  public static String at(long epochMillis) {
    Instant at = Instant.ofEpochMilli(epochMillis);
    boolean withinADay = Math.abs(epochMillis - Workflow.currentTimeMillis()) < Duration.ofDays(1).toMillis();
    return (withinADay ? TIME : DATE_TIME).format(at);
  }

  /** When a wait of {@code timeout} that starts now ends, as {@link #at(long)} writes it. */
  public static String after(Duration timeout) {
    return at(Workflow.currentTimeMillis() + timeout.toMillis());
  }
}
