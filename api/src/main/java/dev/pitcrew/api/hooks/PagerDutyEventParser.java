package dev.pitcrew.api.hooks;

import static dev.pitcrew.api.hooks.WebhookJson.text;

import dev.pitcrew.api.problem.ApiException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a PagerDuty v3 webhook body ({@code {"event": {...}}}, the shapes of PagerDuty's webhook documentation)
 * into a {@link PagerDutyWebhookEvent}; what Pitcrew needs and cannot find is a 400 naming the field.
 */
@Component
class PagerDutyEventParser {
  private final JsonMapper mapper;

  PagerDutyEventParser(JsonMapper mapper) {
    this.mapper = mapper;
  }

  PagerDutyWebhookEvent parse(byte[] body) {
    JsonNode root = WebhookJson.object(mapper, body, "a JSON object (a PagerDuty v3 webhook payload)");
    JsonNode event = root.path("event");
    if (!event.isObject()) {
      throw ApiException.badField("event", "is required");
    }
    String id = text(event.path("id"));
    if (id == null) {
      throw ApiException.badField("event.id", "is required");
    }
    String type = text(event.path("event_type"));
    if (type == null) {
      throw ApiException.badField("event.event_type", "is required, e.g. incident.acknowledged");
    }
    JsonNode data = event.path("data");
    if (type.startsWith("incident.") && !data.isObject()) {
      throw ApiException.badField("event.data", "is required for " + type);
    }
    // Notes carry a reference to their incident; every other incident event carries the incident itself.
    JsonNode incident = PagerDutyWebhookEvent.ANNOTATED.equals(type) ? data.path("incident") : data;
    return new PagerDutyWebhookEvent(id, type, text(event.path("occurred_at")), text(event.path("agent").path("summary")),
        text(incident.path("incident_key")), text(incident.path("id")),
        text(incident.path("title")) != null ? text(incident.path("title")) : text(incident.path("summary")),
        text(incident.path("service").path("summary")), text(incident.path("html_url")),
        PagerDutyWebhookEvent.ANNOTATED.equals(type) ? text(data.path("content")) : null);
  }
}
