package dev.pitcrew.workflows.sla;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Routing: which queue owns a ticket and which of its on-duty agents works it. */
@ActivityInterface
public interface TicketIntakeActivities {

  /**
   * Picks the queue by the routing rules and, unless the ticket already has an assignee, the next on-duty agent
   * of that queue (round-robin). Idempotent per ticket: a retried call answers with the first choice.
   */
  @ActivityMethod(name = "RouteTicket")
  TicketAssignment route(TicketSlaInput ticket);

  /** Hands a ticket to a named agent of its queue (a breach action). */
  @ActivityMethod(name = "ReassignTicket")
  TicketAssignment reassign(String ticketKey, String queue, String agentName);
}
