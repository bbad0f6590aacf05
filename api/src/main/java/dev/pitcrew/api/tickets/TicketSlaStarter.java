package dev.pitcrew.api.tickets;

import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.TaskQueues;
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

  public String signal(TicketSlaInput ticket, String signal, Object argument) {
    String workflowId = TicketSlaWorkflow.workflowId(ticket.ticketKey());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.OPERATIONS)
            .setMemo(Map.of("type", TicketSlaWorkflow.RUN_TYPE, "severity", String.valueOf(ticket.priority())))
            .build();
    temporal.run(null, () -> client.newUntypedWorkflowStub(TicketSlaWorkflow.class.getSimpleName(), options)
        .signalWithStart(signal, new Object[] {argument}, new Object[] {ticket}));
    return workflowId;
  }
}
