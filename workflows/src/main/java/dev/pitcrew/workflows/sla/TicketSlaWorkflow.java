package dev.pitcrew.workflows.sla;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One run per support ticket: keeps its first-response and resolution clocks in business time, warns the agent
 * as a goal runs low, escalates the moment it breaches, and records whether each goal was met. Workflow ID
 * {@code ticket-sla-<ticket key>}; every intake path uses signal-with-start so a ticket never gets two runs.
 */
@WorkflowInterface
public interface TicketSlaWorkflow extends PhaseAware {
  String RUN_TYPE = "ticket-sla";
  String WORKFLOW_ID_PREFIX = "ticket-sla-";
  /** A fact from the ticket's system of record (JIRA): taken as it comes, never refused. */
  String EVENT_SIGNAL = "event";
  /** A person's event through the API: validated, and answered once applied. */
  String APPLY_EVENT_UPDATE = "applyEvent";
  String SLA_STATUS_QUERY = "slaStatus";

  static String workflowId(String ticketKey) {
    return WORKFLOW_ID_PREFIX + ticketKey;
  }

  @WorkflowMethod
  TicketSlaResult track(TicketSlaInput ticket);

  @SignalMethod(name = EVENT_SIGNAL)
  void event(TicketEvent event);

  /** Applies a person's event and answers the ticket's SLA status after it. */
  @UpdateMethod(name = APPLY_EVENT_UPDATE)
  TicketSlaStatus applyEvent(TicketEvent event);

  /** Refuses an event that cannot count: resolving a resolved ticket, reopening an open one, a second response. */
  @UpdateValidatorMethod(updateName = APPLY_EVENT_UPDATE)
  void validateApplyEvent(TicketEvent event);

  /** Each goal at {@code asOfMillis} (the caller's clock; 0 for the workflow's own time). */
  @QueryMethod(name = SLA_STATUS_QUERY)
  TicketSlaStatus slaStatus(long asOfMillis);
}
