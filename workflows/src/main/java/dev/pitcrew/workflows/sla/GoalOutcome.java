package dev.pitcrew.workflows.sla;

/** How one goal of one cycle ended: met, or breached, with the business time it took. */
public record GoalOutcome(
    String ticketKey,
    int cycle,
    SlaGoal goal,
    String policy,
    String priority,
    boolean met,
    long goalMillis,
    long elapsedMillis,
    long startedAtMillis,
    long stoppedAtMillis) {}
