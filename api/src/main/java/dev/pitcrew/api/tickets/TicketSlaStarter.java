package dev.pitcrew.api.tickets;

import dev.pitcrew.api.runs.StartDescription;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.sla.TicketEvent;
import dev.pitcrew.workflows.sla.TicketSlaInput;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Delivers a ticket event to the ticket's run, starting the run if there is none: one signal-with-start, so two
 * deliveries racing for a new ticket still end up in a single run.
 */
@Service
public class TicketSlaStarter {
  private final WorkflowClient client;
  private final TemporalCalls temporal;

  TicketSlaStarter(WorkflowClient client, TemporalCalls temporal) {
    this.client = client;
    this.temporal = temporal;
  }

  /** "SLA of SUP-42 [High]: Cannot log in", for the Temporal UI. */
  public static StartDescription describe(TicketSlaInput ticket) {
    return StartDescription.of("SLA of " + ticket.ticketKey() + " [" + ticket.priority() + "]"
            + (ticket.title() == null ? "" : ": " + ticket.title()))
        .with("Ticket", ticket.ticketKey())
        .with("Priority", ticket.priority())
        .with("Requester", ticket.requesterEmail())
        .with("Assignee", ticket.assignee())
        .with("Source", ticket.source());
  }

  /** Signal-with-start of the ticket's run with {@code event}: the run is started if the ticket has none yet. */
  public String signal(TicketSlaInput ticket, TicketEvent event) {
    String workflowId = TicketSlaWorkflow.workflowId(ticket.ticketKey());
    WorkflowOptions options = describe(ticket).applyTo(
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.OPERATIONS)
            .setMemo(Map.of("type", TicketSlaWorkflow.RUN_TYPE, "severity", String.valueOf(ticket.priority()))))
        .build();
    temporal.run(null, () -> client.newUntypedWorkflowStub(TicketSlaWorkflow.class.getSimpleName(), options)
        .signalWithStart(TicketSlaWorkflow.EVENT_SIGNAL, new Object[] {event}, new Object[] {ticket}));
    return workflowId;
  }
}
