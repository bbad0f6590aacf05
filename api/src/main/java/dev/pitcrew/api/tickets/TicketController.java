package dev.pitcrew.api.tickets;

import dev.pitcrew.activities.sla.TicketNumbers;
import dev.pitcrew.api.audit.AuditAttributes;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.runs.RecentReads;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.sla.GoalState;
import dev.pitcrew.workflows.sla.TicketEvent;
import dev.pitcrew.workflows.sla.TicketSlaInput;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import io.temporal.client.WorkflowClient;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Support tickets: create one outside JIRA, list them at-risk first, and read one with its live SLA clocks. */
@RestController
@RequestMapping("/api/v1/tickets")
class TicketController {
  static final String FROM_RECORD = "sla-tickets";
  static final String FROM_WORKFLOW = "workflow";

  private final RequestReader reader;
  private final TicketQueries tickets;
  private final TicketNumbers numbers;
  private final TicketSlaStarter starter;
  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final RecentReads recent;

  TicketController(
      RequestReader reader, TicketQueries tickets, TicketNumbers numbers, TicketSlaStarter starter,
      WorkflowClient client, TemporalCalls temporal, RecentReads recent) {
    this.recent = recent;
    this.reader = reader;
    this.tickets = tickets;
    this.numbers = numbers;
    this.starter = starter;
    this.client = client;
    this.temporal = temporal;
  }

  @PostMapping
  @PreAuthorize("@access.can('tickets.create')")
  ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body, HttpServletRequest http) {
    CreateTicketRequest request = reader.read(body, CreateTicketRequest.class, "ticket");
    String key = "PIT-" + numbers.next();
    // Its audit row names the ticket it created, so every ticket's creation can be found by its key.
    http.setAttribute(AuditAttributes.TARGET, key);
    TicketSlaInput ticket =
        new TicketSlaInput(key, TicketSlaInput.SOURCE_PITCREW, request.title(), request.requesterEmail(),
            request.priority(), "Open", request.category(), List.of(),
            request.labels() == null ? List.of() : request.labels(), null);
    String workflowId = starter.signal(ticket, TicketEvent.status("Open"));
    return ResponseEntity.created(URI.create("/api/v1/tickets/" + key))
        .body(Map.of("ticketKey", key, "workflowId", workflowId,
            "links", Map.of("self", "/api/v1/tickets/" + key, "run", "/api/v1/runs/" + workflowId)));
  }

  @GetMapping
  @PreAuthorize("@access.can('read')")
  Map<String, Object> list(
      @RequestParam(required = false) String queue,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String slaState,
      @RequestParam(defaultValue = "100") int limit) {
    String state = slaState == null ? null : slaState.toUpperCase(Locale.ROOT);
    if (state != null && Arrays.stream(GoalState.values()).noneMatch(s -> s.name().equals(state))) {
      throw ApiException.badField("slaState", "one of " + Arrays.toString(GoalState.values()));
    }
    if (limit < 1 || limit > 500) {
      throw ApiException.badField("limit", "must be between 1 and 500");
    }
    return Map.of("tickets", tickets.list(queue, status, state, limit));
  }

  /**
   * The ticket with its live SLA clocks, computed at this instant from the clocks and terms its workflow recorded
   * with its last change ({@code answeredBy: sla-tickets}, {@code asOf} the record's time). The workflow records in
   * the workflow task that applies an event, before it answers {@code POST /events}, so the caller's next read shows
   * the event. A ticket whose record has no terms (its run began before they were recorded) is read from the
   * workflow's {@code slaStatus} query ({@code answeredBy: workflow}).
   */
  @GetMapping("/{key}")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> get(@PathVariable String key) {
    long now = System.currentTimeMillis();
    TicketQueries.Recorded recorded =
        tickets.findWithSla(key, now).orElseThrow(() -> ApiException.notFound("No ticket with key '" + key + "'"));
    Map<String, Object> body = new LinkedHashMap<>(recorded.ticket());
    String workflowId = TicketSlaWorkflow.workflowId(key);
    if (recorded.sla().isPresent()) {
      body.put("sla", recorded.sla().get());
      body.put("answeredBy", FROM_RECORD);
      body.put("asOf", recorded.ticket().get("updatedAt"));
    } else {
      // Business time left is computed at the instant of the query, so it is never kept; readers who ask while one
      // query of this ticket is under way share its answer.
      body.put("sla", recent.whileUnderWay(workflowId, "slaStatus", () -> temporal.call(workflowId, () -> client
          .newWorkflowStub(TicketSlaWorkflow.class, workflowId)
          .slaStatus(now))));
      body.put("answeredBy", FROM_WORKFLOW);
      body.put("asOf", Instant.ofEpochMilli(now).toString());
    }
    body.put("notifications", tickets.notifications(key, 50));
    body.put("links", Map.of("run", "/api/v1/runs/" + workflowId));
    return body;
  }
}
