package dev.pitcrew.workflows.sla;

/**
 * What happens when a goal is breached, resolved for one ticket's queue and priority. Null or false skips that
 * action.
 *
 * @param slackChannel the queue's Slack channel to post the breach in
 * @param raisePriorityTo the next higher priority in the policy, when the policy raises priority on breach
 * @param reassignTo the agent (queue member name) to hand the ticket to
 * @param page whether this priority pages on-call through PagerDuty
 */
public record BreachActions(String slackChannel, String raisePriorityTo, String reassignTo, boolean page) {
  public static final BreachActions NONE = new BreachActions(null, null, null, false);
}
