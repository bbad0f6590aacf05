package dev.pitcrew.workflows.sla;

import java.util.List;

/**
 * One goal clock as the workflow last recorded it (in {@code sla_tickets.clocks}), so that a run lost with its
 * Temporal engine can be recovered with the clock it had: same start, same business time used, same pause.
 *
 * @param runningSinceMillis when the clock last started counting; -1 while paused
 * @param stoppedElapsedMillis business time used when the clock stopped for good; -1 while it still counts
 */
public record ClockRecord(
    SlaGoal goal,
    long goalMillis,
    long startedAtMillis,
    long bankedMillis,
    long runningSinceMillis,
    long stoppedElapsedMillis,
    boolean breached,
    List<Integer> warningsSent) {}
