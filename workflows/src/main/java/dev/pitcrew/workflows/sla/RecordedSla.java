package dev.pitcrew.workflows.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A ticket's SLA at an instant, from its goal clocks and the terms its cycle runs on: what the workflow's
 * {@code slaStatus} query answers, and what the API computes from the ticket's record ({@link TicketSnapshot#clocks()},
 * {@link TicketSnapshot#terms()}) without asking the workflow. One piece of arithmetic for both, so they cannot
 * disagree. Pure: the instant is passed in.
 */
public final class RecordedSla {
  private RecordedSla() {}

  /** The status at {@code atMillis} of a ticket as recorded. */
  public static TicketSlaStatus status(String ticketKey, String queue, String assignee, String priority, String status,
      int cycle, boolean resolved, SlaTerms terms, List<ClockRecord> clocks, long atMillis) {
    return status(ticketKey, queue, assignee, priority, status, cycle, resolved, terms,
        BusinessCalendar.of(terms.calendar()), clocks.stream().map(GoalClock::restore).toList(), atMillis);
  }

  static TicketSlaStatus status(String ticketKey, String queue, String assignee, String priority, String status,
      int cycle, boolean resolved, SlaTerms terms, BusinessCalendar calendar, Collection<GoalClock> clocks,
      long atMillis) {
    int firstWarningPercent = firstWarningPercent(terms);
    List<GoalStatus> goals = new ArrayList<>();
    for (GoalClock clock : clocks) {
      long elapsed = clock.elapsedAt(calendar, atMillis);
      String dueAt =
          clock.isRunning() ? Instant.ofEpochMilli(clock.instantWhenElapsed(calendar, clock.goalMillis())).toString()
              : null;
      goals.add(new GoalStatus(clock.goal(), clock.state(calendar, atMillis, firstWarningPercent), clock.goalMillis(),
          elapsed, clock.goalMillis() - elapsed, dueAt, clock.warningsSent()));
    }
    return new TicketSlaStatus(ticketKey, queue, assignee, priority, status, terms.policy(), cycle, resolved,
        worst(clocks, calendar, atMillis, firstWarningPercent), goals);
  }

  /** The most urgent state of the clocks; {@code MET} when there are none. */
  static GoalState worst(Collection<GoalClock> clocks, BusinessCalendar calendar, long atMillis,
      int firstWarningPercent) {
    GoalState worst = GoalState.MET;
    for (GoalClock clock : clocks) {
      GoalState state = clock.state(calendar, atMillis, firstWarningPercent);
      if (state.compareTo(worst) > 0) {
        worst = state;
      }
    }
    return worst;
  }

  /** The first share of a goal after which agents are warned; 100 when the terms warn of nothing before a breach. */
  static int firstWarningPercent(SlaTerms terms) {
    return terms.warningPercents().stream().filter(p -> p < 100).min(Integer::compare).orElse(100);
  }
}
