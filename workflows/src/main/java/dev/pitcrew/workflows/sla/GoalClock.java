package dev.pitcrew.workflows.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The clock of one goal in one cycle. It counts business time only while running; a pause banks what was used so
 * far, and a resume starts counting again from the resume instant. Times are passed in, never read.
 */
final class GoalClock {
  private static final long NOT_RUNNING = -1;

  private final SlaGoal goal;
  private final long startedAtMillis;
  private long goalMillis;
  private long bankedMillis;
  private long runningSinceMillis;
  private long stoppedElapsedMillis = NOT_RUNNING;
  private boolean breached;
  private final TreeSet<Integer> warningsSent = new TreeSet<>();

  GoalClock(SlaGoal goal, long goalMillis, long nowMillis) {
    this.goal = goal;
    this.goalMillis = goalMillis;
    this.startedAtMillis = nowMillis;
    this.runningSinceMillis = nowMillis;
  }

  /** A clock as recorded by {@link #record()}: a recovered run goes on with it. */
  static GoalClock restore(ClockRecord record) {
    GoalClock clock = new GoalClock(record.goal(), record.goalMillis(), record.startedAtMillis());
    clock.bankedMillis = record.bankedMillis();
    clock.runningSinceMillis = record.runningSinceMillis() < 0 ? NOT_RUNNING : record.runningSinceMillis();
    clock.stoppedElapsedMillis = record.stoppedElapsedMillis() < 0 ? NOT_RUNNING : record.stoppedElapsedMillis();
    clock.breached = record.breached();
    if (record.warningsSent() != null) {
      clock.warningsSent.addAll(record.warningsSent());
    }
    return clock;
  }

  ClockRecord record() {
    return new ClockRecord(goal, goalMillis, startedAtMillis, bankedMillis, runningSinceMillis, stoppedElapsedMillis,
        breached, warningsSent());
  }

  SlaGoal goal() {
    return goal;
  }

  long goalMillis() {
    return goalMillis;
  }

  long startedAtMillis() {
    return startedAtMillis;
  }

  /** A new priority brings a new goal; the time already used stays used. */
  void retarget(long newGoalMillis) {
    this.goalMillis = newGoalMillis;
  }

  boolean isRunning() {
    return runningSinceMillis != NOT_RUNNING && !isStopped();
  }

  boolean isStopped() {
    return stoppedElapsedMillis != NOT_RUNNING;
  }

  boolean isBreached() {
    return breached;
  }

  void markBreached() {
    breached = true;
  }

  boolean warned(int percent) {
    return warningsSent.contains(percent);
  }

  void markWarned(int percent) {
    warningsSent.add(percent);
  }

  List<Integer> warningsSent() {
    return new ArrayList<>(warningsSent);
  }

  long elapsedAt(BusinessCalendar calendar, long nowMillis) {
    if (isStopped()) {
      return stoppedElapsedMillis;
    }
    if (!isRunning()) {
      return bankedMillis;
    }
    return bankedMillis
        + calendar.between(Instant.ofEpochMilli(runningSinceMillis), Instant.ofEpochMilli(nowMillis)).toMillis();
  }

  void pause(BusinessCalendar calendar, long nowMillis) {
    if (isRunning()) {
      bankedMillis = elapsedAt(calendar, nowMillis);
      runningSinceMillis = NOT_RUNNING;
    }
  }

  void resume(long nowMillis) {
    if (!isRunning() && !isStopped()) {
      runningSinceMillis = nowMillis;
    }
  }

  /** Stops the clock for good and answers the business time it used. */
  long stop(BusinessCalendar calendar, long nowMillis) {
    if (!isStopped()) {
      stoppedElapsedMillis = elapsedAt(calendar, nowMillis);
    }
    return stoppedElapsedMillis;
  }

  /** When this running clock reaches {@code elapsedMillis} of business time. */
  long instantWhenElapsed(BusinessCalendar calendar, long elapsedMillis) {
    return calendar
        .plus(Instant.ofEpochMilli(runningSinceMillis), Duration.ofMillis(Math.max(0, elapsedMillis - bankedMillis)))
        .toEpochMilli();
  }

  GoalState state(BusinessCalendar calendar, long nowMillis, int firstWarningPercent) {
    long elapsed = elapsedAt(calendar, nowMillis);
    if (breached || elapsed > goalMillis || (!isStopped() && elapsed >= goalMillis)) {
      return GoalState.BREACHED;
    }
    if (isStopped()) {
      return GoalState.MET;
    }
    if (!isRunning()) {
      return GoalState.PAUSED;
    }
    return elapsed * 100 >= goalMillis * (long) firstWarningPercent ? GoalState.AT_RISK : GoalState.RUNNING;
  }
}
