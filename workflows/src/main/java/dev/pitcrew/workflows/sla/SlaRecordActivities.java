package dev.pitcrew.workflows.sla;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Pitcrew's own records of tickets and SLA outcomes, which the ticket list and the report read. */
@ActivityInterface
public interface SlaRecordActivities {

  /** Idempotent; an older snapshot never overwrites a newer one. */
  @ActivityMethod(name = "RecordTicketState")
  void recordTicket(TicketSnapshot snapshot);

  /** Records that a goal breached, once per ticket, cycle and goal. */
  @ActivityMethod(name = "RecordSlaBreach")
  void recordBreach(SlaAlert breach);

  /** Records how a goal ended when its clock stopped. */
  @ActivityMethod(name = "RecordSlaOutcome")
  void recordOutcome(GoalOutcome outcome);
}
