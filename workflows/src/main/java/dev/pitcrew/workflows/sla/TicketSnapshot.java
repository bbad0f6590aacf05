package dev.pitcrew.workflows.sla;

import java.util.List;

/**
 * What the ticket list shows, written whenever a ticket's SLA state changes.
 *
 * @param slaState the most urgent goal state of the current cycle
 * @param nextDueAtMillis the next warning or breach, 0 when no clock is running
 * @param clocks the current cycle's goal clocks, kept so a run lost with its engine can be recovered
 * @param terms the terms the current cycle runs on (calendar, warning shares), with which the clocks are read
 *     ({@link RecordedSla}); null from runs started before they were recorded, and before the ticket is routed
 */
public record TicketSnapshot(
    String ticketKey,
    String source,
    String title,
    String requesterEmail,
    String queue,
    String assignee,
    String priority,
    String status,
    int cycle,
    GoalState slaState,
    long nextDueAtMillis,
    boolean resolved,
    long updatedAtMillis,
    List<ClockRecord> clocks,
    SlaTerms terms) {

  /** Whether {@code other} records the same state, whenever it was taken. */
  public boolean sameStateAs(TicketSnapshot other) {
    return other != null && equals(new TicketSnapshot(other.ticketKey, other.source, other.title, other.requesterEmail,
        other.queue, other.assignee, other.priority, other.status, other.cycle, other.slaState, other.nextDueAtMillis,
        other.resolved, updatedAtMillis, other.clocks, other.terms));
  }
}
