package dev.pitcrew.workflows.sla;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
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
  String FIRST_RESPONSE_SIGNAL = "firstResponse";
  String STATUS_SIGNAL = "statusChanged";
  String PRIORITY_SIGNAL = "priorityChanged";
  String ASSIGNEE_SIGNAL = "assigneeChanged";
  String RESOLVE_SIGNAL = "resolve";
  String REOPEN_SIGNAL = "reopen";
  String SLA_STATUS_QUERY = "slaStatus";

  static String workflowId(String ticketKey) {
    return WORKFLOW_ID_PREFIX + ticketKey;
  }

  @WorkflowMethod
  TicketSlaResult track(TicketSlaInput ticket);

  /** An agent answered the requester. */
  @SignalMethod(name = FIRST_RESPONSE_SIGNAL)
  void firstResponse(String by);

  /** Pauses, resumes, resolves or reopens, as the policy's status lists say. */
  @SignalMethod(name = STATUS_SIGNAL)
  void statusChanged(String status);

  @SignalMethod(name = PRIORITY_SIGNAL)
  void priorityChanged(String priority);

  @SignalMethod(name = ASSIGNEE_SIGNAL)
  void assigneeChanged(String assignee);

  @SignalMethod(name = RESOLVE_SIGNAL)
  void resolve(String by);

  @SignalMethod(name = REOPEN_SIGNAL)
  void reopen(String by);

  /** Each goal at {@code asOfMillis} (the caller's clock; 0 for the workflow's own time). */
  @QueryMethod(name = SLA_STATUS_QUERY)
  TicketSlaStatus slaStatus(long asOfMillis);
}
