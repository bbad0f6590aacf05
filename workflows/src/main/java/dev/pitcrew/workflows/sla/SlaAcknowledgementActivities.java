package dev.pitcrew.workflows.sla;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The requester's acknowledgement when it needs no mail server, run by a ticket's SLA workflow as a local activity
 * inside its first workflow task (since {@code sla-acknowledges-locally}). An interface of its own, so a worker that
 * runs the SLA's workflow tasks can run it without taking {@link SlaNotificationActivities}' activities too.
 */
@ActivityInterface
public interface SlaAcknowledgementActivities {

  /**
   * Writes the acknowledgement into the notification log and answers true when no mail server is configured (a
   * requester without an address needs nothing: true); answers false, doing nothing, when there is an email to
   * send, which {@link SlaNotificationActivities#acknowledge} then sends as an activity. Only a local write, and
   * repeating it is harmless (the log ignores a notification it already has).
   */
  @ActivityMethod(name = "AcknowledgeRequesterWithoutMail")
  boolean acknowledgeWithoutMail(TicketSlaInput ticket, TicketAssignment assignment, long firstResponseDueAtMillis);
}
