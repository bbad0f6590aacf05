package dev.pitcrew.api.tickets;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.ActorField;
import dev.pitcrew.workflows.sla.TicketEvent;
import dev.pitcrew.workflows.sla.TicketSlaStatus;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Ticket events for tickets created through {@code POST /api/v1/tickets}, where no JIRA webhook tells Pitcrew
 * what happened. Each is a Workflow Update of the ticket's SLA run: 200 with the SLA status once applied, or 409
 * with the run's reason (resolving a resolved ticket, reopening an open one, a second first response).
 */
@RestController
@RequestMapping("/api/v1/tickets/{key}/events")
class TicketEventController {
  private static final String SOMEONE = "api";

  private final RequestReader reader;
  private final TicketSignals signals;

  TicketEventController(RequestReader reader, TicketSignals signals) {
    this.reader = reader;
    this.signals = signals;
  }

  @PostMapping
  @PreAuthorize("@access.can('tickets.update')")
  @ActorField("by")
  Map<String, Object> post(@PathVariable String key, @RequestBody JsonNode body) {
    TicketEventRequest event = reader.read(body, TicketEventRequest.class, "event");
    String by = event.by() == null ? SOMEONE : event.by();
    TicketSlaStatus status = signals.decide(key, body.path("type").asString(), switch (event.type()) {
      case FIRST_RESPONSE -> TicketEvent.firstResponse(by);
      case STATUS -> TicketEvent.status(required("event.status", event.status()));
      case PRIORITY -> TicketEvent.priority(required("event.priority", event.priority()));
      case RESOLVE -> TicketEvent.resolve(by);
      case REOPEN -> TicketEvent.reopen(by);
    });
    String workflowId = TicketSlaWorkflow.workflowId(key);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ticketKey", key);
    answer.put("type", body.path("type").asString());
    answer.put("workflowId", workflowId);
    answer.put("applied", true);
    answer.put("sla", status);
    answer.put("links", Map.of("self", "/api/v1/tickets/" + key, "run", "/api/v1/runs/" + workflowId));
    return answer;
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badField(field, "is required for this event type");
    }
    return value;
  }
}
