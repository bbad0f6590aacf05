package dev.pitcrew.api.recovery;

import dev.pitcrew.api.runs.LostRuns.IndexedRun;
import dev.pitcrew.api.tickets.TicketSlaStarter;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.sla.ClockRecord;
import dev.pitcrew.workflows.sla.RecoveredSla;
import dev.pitcrew.workflows.sla.TicketSlaInput;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts a new SLA run for an open ticket whose run was lost, from what PostgreSQL holds: the ticket row and its
 * goal clocks as last recorded, so the clocks keep their original start, used time, pause and due times.
 */
@Component
class TicketRecovery {
  private final JdbcClient jdbc;
  private final WorkflowClient client;
  private final JsonMapper json = JsonMapper.builder().build();

  TicketRecovery(JdbcClient jdbc, WorkflowClient client) {
    this.jdbc = jdbc;
    this.client = client;
  }

  private record TicketRow(String key, String source, String title, String requester, String priority,
      String status, String assignee, int cycle, boolean resolved, String clocks) {}

  /** Answers the started workflow's input, or a reason why the ticket is not recovered. */
  Recovery recover(IndexedRun lost) {
    if (!lost.workflowId().startsWith(TicketSlaWorkflow.WORKFLOW_ID_PREFIX)) {
      return Recovery.notRecovered("its workflow ID names no ticket");
    }
    String key = lost.workflowId().substring(TicketSlaWorkflow.WORKFLOW_ID_PREFIX.length());
    var row = jdbc.sql("select ticket_key, source, title, requester_email, priority, status, assignee, cycle, "
            + "resolved, clocks::text as clocks from sla_tickets where ticket_key = ?")
        .param(key)
        .query((rs, n) -> new TicketRow(rs.getString("ticket_key"), rs.getString("source"), rs.getString("title"),
            rs.getString("requester_email"), rs.getString("priority"), rs.getString("status"),
            rs.getString("assignee"), rs.getInt("cycle"), rs.getBoolean("resolved"), rs.getString("clocks")))
        .optional();
    if (row.isEmpty()) {
      return Recovery.notRecovered("ticket '" + key + "' is not in PostgreSQL");
    }
    TicketRow ticket = row.get();
    if (ticket.resolved()) {
      return Recovery.notRecovered("ticket '" + key + "' was resolved and its reopen window was lost with the run; "
          + "a new event from its source (JIRA) starts a new run");
    }
    List<ClockRecord> clocks = ticket.clocks() == null ? List.of()
        : json.readValue(ticket.clocks(), new TypeReference<List<ClockRecord>>() {});
    TicketSlaInput input = new TicketSlaInput(ticket.key(), ticket.source(), ticket.title(), ticket.requester(),
        ticket.priority(), ticket.status(), null, List.of(), List.of(), ticket.assignee(),
        new RecoveredSla(Math.max(1, ticket.cycle()), clocks, lost.runId()));
    WorkflowOptions options = TicketSlaStarter.describe(input).with("Recovered from lost run", lost.runId())
        .applyTo(WorkflowOptions.newBuilder()
            .setWorkflowId(lost.workflowId())
            .setTaskQueue(TaskQueues.OPERATIONS)
            .setMemo(Map.of("type", TicketSlaWorkflow.RUN_TYPE, "severity", String.valueOf(ticket.priority()),
                "recoveredFrom", lost.runId())))
        .build();
    String runId = client.newUntypedWorkflowStub(TicketSlaWorkflow.class.getSimpleName(), options)
        .start(input).getRunId();
    return Recovery.recovered(runId, clocks.isEmpty()
        ? "no clocks were recorded for it (recorded before this version): its clocks start again now" : null);
  }
}
