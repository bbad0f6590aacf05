package dev.pitcrew.activities.sla;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * An SLA policy as stored and as sent to {@code PUT /api/v1/sla/policies/{name}}.
 *
 * @param calendar name of the calendar whose working hours and holidays the clocks count
 * @param goals one entry per priority, highest priority first (raising a priority moves one entry up)
 * @param pauseStatuses ticket statuses during which the clocks stop, e.g. "Waiting for customer"
 * @param resolvedStatuses statuses that resolve the ticket; leaving them reopens it
 * @param warningPercents shares of a goal at which the assigned agent is warned
 * @param reopenWindow how long after resolution a reopen continues the same ticket run
 */
public record SlaPolicyDocument(
    @NotBlank String calendar,
    @NotEmpty List<@Valid @NotNull PriorityGoals> goals,
    List<@NotBlank String> pauseStatuses,
    @NotEmpty List<@NotBlank String> resolvedStatuses,
    List<@NotNull @Min(1) @Max(99) Integer> warningPercents,
    @Valid BreachPolicy breachActions,
    Duration reopenWindow) {

  /** Goals for one priority, as ISO-8601 durations of business time ("PT4H", "P2D" = 48 working hours). */
  public record PriorityGoals(@NotBlank String priority, @NotNull Duration firstResponse, @NotNull Duration resolution) {}

  /**
   * @param slack post breaches in the queue's Slack channel
   * @param raisePriority raise the ticket to the next higher priority of this policy
   * @param reassignTo hand the ticket to this agent of its queue
   * @param pagePriorities priorities whose breaches page on-call
   */
  public record BreachPolicy(Boolean slack, Boolean raisePriority, String reassignTo, List<String> pagePriorities) {

    public boolean postsToSlack() {
      return Boolean.TRUE.equals(slack);
    }

    public boolean raisesPriority() {
      return Boolean.TRUE.equals(raisePriority);
    }
  }

  public List<String> pauseStatusesOrNone() {
    return pauseStatuses == null ? List.of() : pauseStatuses;
  }

  public List<Integer> warningPercentsOrNone() {
    return warningPercents == null ? List.of() : warningPercents;
  }

  public BreachPolicy breachActionsOrNone() {
    return breachActions == null ? new BreachPolicy(false, false, null, List.of()) : breachActions;
  }

  public Duration reopenWindowOrDefault() {
    return reopenWindow == null ? Duration.ofDays(7) : reopenWindow;
  }
}
