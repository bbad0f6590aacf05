package dev.pitcrew.workflows.drill;

import dev.pitcrew.workflows.run.RunTrackerCheckpoint;

/**
 * What a drill's schedule carries from one firing to the next (it continues as new after each, so its history
 * stays short however long it runs).
 *
 * @param tracker null on the first start; the run-index checkpoint afterwards
 */
public record DrillScheduleState(
    String drill,
    DrillSchedule schedule,
    boolean paused,
    int fired,
    int skipped,
    Long lastFiredAtMillis,
    String lastOutcome,
    RunTrackerCheckpoint tracker) {

  public static DrillScheduleState start(String drill, DrillSchedule schedule) {
    return new DrillScheduleState(drill, schedule, false, 0, 0, null, null, null);
  }
}
