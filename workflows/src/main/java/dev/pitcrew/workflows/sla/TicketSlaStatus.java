package dev.pitcrew.workflows.sla;

import java.util.List;

/** Answer of the {@code slaStatus} query: the ticket and each goal of its current cycle. */
public record TicketSlaStatus(
    String ticketKey,
    String queue,
    String assignee,
    String priority,
    String status,
    String policy,
    int cycle,
    boolean resolved,
    GoalState slaState,
    List<GoalStatus> goals) {}
