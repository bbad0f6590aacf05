package dev.pitcrew.api.tickets;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.ActorField;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Ticket events for tickets created through {@code POST /api/v1/tickets}, where no JIRA webhook tells Pitcrew
 * what happened: the same signals the JIRA webhook sends.
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
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, Object> post(@PathVariable String key, @RequestBody JsonNode body) {
    TicketEventRequest event = reader.read(body, TicketEventRequest.class, "event");
    String by = event.by() == null ? SOMEONE : event.by();
    String workflowId = switch (event.type()) {
      case FIRST_RESPONSE -> signals.send(key, TicketSlaWorkflow.FIRST_RESPONSE_SIGNAL, by);
      case STATUS -> signals.send(key, TicketSlaWorkflow.STATUS_SIGNAL, required("event.status", event.status()));
      case PRIORITY ->
          signals.send(key, TicketSlaWorkflow.PRIORITY_SIGNAL, required("event.priority", event.priority()));
      case RESOLVE -> signals.send(key, TicketSlaWorkflow.RESOLVE_SIGNAL, by);
      case REOPEN -> signals.send(key, TicketSlaWorkflow.REOPEN_SIGNAL, by);
    };
    return Map.of("ticketKey", key, "type", body.path("type").asString(), "workflowId", workflowId,
        "links", Map.of("self", "/api/v1/tickets/" + key, "run", "/api/v1/runs/" + workflowId));
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badField(field, "is required for this event type");
    }
    return value;
  }
}
