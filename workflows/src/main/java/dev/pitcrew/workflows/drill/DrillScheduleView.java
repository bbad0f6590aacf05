package dev.pitcrew.workflows.drill;

import java.util.List;

/** A schedule as the API shows it: its cron, whether it is paused, the next firings and what the last one did. */
public record DrillScheduleView(
    String drill,
    DrillSchedule schedule,
    boolean paused,
    List<Long> nextRunsMillis,
    int fired,
    int skipped,
    Long lastFiredAtMillis,
    String lastOutcome) {}
