package dev.pitcrew.workflows.sla;

import java.util.List;

/**
 * One goal as the live query sees it at a given instant.
 *
 * @param remainingMillis business time left; negative once breached
 * @param dueAt when the goal breaches if nothing changes (ISO instant); null while paused or stopped
 */
public record GoalStatus(
    SlaGoal goal,
    GoalState state,
    long goalMillis,
    long elapsedMillis,
    long remainingMillis,
    String dueAt,
    List<Integer> warningsSent) {}
