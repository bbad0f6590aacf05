package dev.pitcrew.workflows.sla;

import java.util.List;

/** What a ticket's run leaves behind when its reopen window closes: every goal of every cycle. */
public record TicketSlaResult(String ticketKey, int cycles, List<GoalOutcome> outcomes) {

  public String summary() {
    long breached = outcomes.stream().filter(o -> !o.met()).count();
    return ticketKey + ": " + cycles + (cycles == 1 ? " cycle, " : " cycles, ") + outcomes.size() + " goals, "
        + breached + " breached";
  }
}
