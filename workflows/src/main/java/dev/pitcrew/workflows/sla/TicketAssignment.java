package dev.pitcrew.workflows.sla;

/**
 * Which queue owns a ticket and which agent works it.
 *
 * @param assignee agent name, null when the queue has nobody on duty
 * @param assigneeEmail where warnings to the agent go
 * @param assigneeJiraAccountId the agent's JIRA account, for writing the assignee back
 * @param chosenByPitcrew true when routing picked the agent (and so JIRA must be told)
 */
public record TicketAssignment(
    String queue, String assignee, String assigneeEmail, String assigneeJiraAccountId, boolean chosenByPitcrew) {

  public TicketAssignment withAssignee(String agent) {
    return new TicketAssignment(queue, agent, null, null, false);
  }
}
