package dev.pitcrew.api.tickets;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RunDecisions;
import dev.pitcrew.api.runs.RunInspector;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.run.RunStatus;
import dev.pitcrew.workflows.sla.TicketEvent;
import dev.pitcrew.workflows.sla.TicketSlaStatus;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Delivers an event to a ticket's open run, never starting one: 404 for a ticket Pitcrew does not know, 409 when
 * the ticket's run has ended (resolved and past its reopen window).
 */
@Service
public class TicketSignals {
  private final RunInspector runs;
  private final TicketQueries tickets;
  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final RunDecisions decisions;

  TicketSignals(RunInspector runs, TicketQueries tickets, WorkflowClient client, TemporalCalls temporal,
      RunDecisions decisions) {
    this.decisions = decisions;
    this.runs = runs;
    this.tickets = tickets;
    this.client = client;
    this.temporal = temporal;
  }

  /** A fact from JIRA, sent as the run's {@code event} signal; answers the workflow ID it went to. */
  public String send(String ticketKey, TicketEvent event) {
    String workflowId = requireOpen(ticketKey);
    temporal.run(workflowId,
        () -> client.newUntypedWorkflowStub(workflowId).signal(TicketSlaWorkflow.EVENT_SIGNAL, event));
    return workflowId;
  }

  /**
   * A person's event through the API, sent as the run's {@code applyEvent} update: the ticket's SLA status once
   * applied, or 409 with the run's reason (resolving a resolved ticket, reopening an open one).
   */
  public TicketSlaStatus decide(String ticketKey, String label, TicketEvent event) {
    String workflowId = requireOpen(ticketKey);
    return decisions.decide(workflowId, TicketSlaWorkflow.APPLY_EVENT_UPDATE, label, TicketSlaStatus.class, event);
  }

  private String requireOpen(String ticketKey) {
    String workflowId = TicketSlaWorkflow.workflowId(ticketKey);
    WorkflowExecutionInfo info;
    try {
      info = runs.describe(workflowId);
    } catch (ApiException e) {
      if (e.status() != HttpStatus.NOT_FOUND) {
        throw e;
      }
      if (tickets.find(ticketKey).isEmpty()) {
        throw ApiException.notFound("No ticket with key '" + ticketKey + "'");
      }
      throw closed(ticketKey, "its run is no longer kept by Temporal");
    }
    RunStatus status = RunInspector.statusOf(info.getStatus());
    if (status.isClosed()) {
      throw closed(ticketKey, "its run is " + status.name().toLowerCase());
    }
    return workflowId;
  }

  private static ApiException closed(String ticketKey, String why) {
    return ApiException.conflict("Ticket '" + ticketKey + "' is closed for SLA events: " + why
        + " (resolved and past the policy's reopen window). Nothing was changed.", Map.of("ticketKey", ticketKey));
  }
}
