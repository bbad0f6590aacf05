package dev.pitcrew.workflows.sla;

import java.util.List;

/**
 * The slice of an SLA policy that applies to one ticket at one priority, read once per cycle (and again when the
 * priority changes) so a policy edit never changes a cycle that is already running.
 *
 * @param warningPercents share of a goal after which agents are warned, e.g. 75 and 90
 * @param reopenWindowMillis how long a resolved ticket may be reopened into a new cycle of the same run
 */
public record SlaTerms(
    String policy,
    String priority,
    long firstResponseMillis,
    long resolutionMillis,
    CalendarSpec calendar,
    List<String> pauseStatuses,
    List<String> resolvedStatuses,
    List<Integer> warningPercents,
    BreachActions breachActions,
    long reopenWindowMillis) {

  public long goalMillis(SlaGoal goal) {
    return goal == SlaGoal.FIRST_RESPONSE ? firstResponseMillis : resolutionMillis;
  }

  public boolean pauses(String status) {
    return status != null && pauseStatuses.stream().anyMatch(status::equalsIgnoreCase);
  }

  public boolean resolves(String status) {
    return status != null && resolvedStatuses.stream().anyMatch(status::equalsIgnoreCase);
  }
}
