package dev.pitcrew.workflows.sla;

/**
 * A warning or breach of one goal, as handed to the notification and record ports.
 *
 * @param percent share of the goal used when the alert was due: a warning threshold, or 100 for a breach
 * @param dueAtMillis when the alert was due; the activity measures how late it ran against this
 */
public record SlaAlert(
    String ticketKey,
    String source,
    String title,
    int cycle,
    SlaGoal goal,
    String priority,
    String queue,
    String assignee,
    String assigneeEmail,
    int percent,
    long dueAtMillis,
    long goalMillis) {}
