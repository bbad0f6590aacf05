package dev.pitcrew.workflows.sla;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Everything a ticket's SLA tells the outside world. Each method reaches the real system when it is configured
 * and otherwise writes what it would have sent into Pitcrew's notification log, so nothing is silently dropped.
 */
@ActivityInterface
public interface SlaNotificationActivities {

  /** Emails the requester that the ticket was received and by when to expect a first response. */
  @ActivityMethod(name = "AcknowledgeRequester")
  void acknowledge(TicketSlaInput ticket, TicketAssignment assignment, long firstResponseDueAtMillis);

  /** Sets the assignee on the JIRA issue (JIRA tickets only). */
  @ActivityMethod(name = "AssignInJira")
  void assignInJira(String ticketKey, String source, TicketAssignment assignment);

  /** Emails the assigned agent that a goal has used up a warning threshold. */
  @ActivityMethod(name = "WarnAgent")
  void warnAgent(SlaAlert warning);

  @ActivityMethod(name = "PostBreachToSlack")
  void postBreachToSlack(SlaAlert breach, String channel);

  /** Raises the priority of the JIRA issue (JIRA tickets only). */
  @ActivityMethod(name = "RaiseJiraPriority")
  void raisePriority(String ticketKey, String source, String priority);

  @ActivityMethod(name = "PageOnBreach")
  void page(SlaAlert breach);
}
