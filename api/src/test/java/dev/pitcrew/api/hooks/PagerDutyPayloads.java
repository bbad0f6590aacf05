package dev.pitcrew.api.hooks;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** PagerDuty v3 webhook bodies, shaped as in PagerDuty's webhook documentation, and their signatures. */
final class PagerDutyPayloads {
  private PagerDutyPayloads() {}

  static String incidentEvent(String eventId, String eventType, String incidentKey, String status) {
    return incidentEvent(eventId, eventType, incidentKey, status, "Q2K8J7X1");
  }

  static String incidentEvent(String eventId, String eventType, String incidentKey, String status,
      String pagerDutyIncident) {
    return """
        {"event": {
          "id": "%s",
          "event_type": "%s",
          "resource_type": "incident",
          "occurred_at": "2026-03-14T09:24:11.512Z",
          "agent": {"html_url": "https://studio.pagerduty.com/users/PLH1HKV", "id": "PLH1HKV",
                    "self": "https://api.pagerduty.com/users/PLH1HKV", "summary": "Dana Oncall",
                    "type": "user_reference"},
          "client": {"name": "PagerDuty"},
          "data": {
            "id": "%s", "type": "incident",
            "self": "https://api.pagerduty.com/incidents/%s",
            "html_url": "https://studio.pagerduty.com/incidents/%s",
            "number": 412, "status": "%s", "incident_key": "%s",
            "created_at": "2026-03-14T09:21:05Z", "title": "5xx above 5%% on game-api",
            "service": {"html_url": "https://studio.pagerduty.com/services/PF9KMXH", "id": "PF9KMXH",
                        "self": "https://api.pagerduty.com/services/PF9KMXH", "summary": "game-api",
                        "type": "service_reference"},
            "urgency": "high", "resolve_reason": null}}}""".formatted(eventId, eventType,
        pagerDutyIncident, pagerDutyIncident, pagerDutyIncident, status, incidentKey);
  }

  /** {@code incident.annotated}: the data is the note, naming its PagerDuty incident but not the incident_key. */
  static String note(String eventId, String pagerDutyIncident, String text) {
    return """
        {"event": {"id": "%s", "event_type": "incident.annotated", "resource_type": "incident",
          "occurred_at": "2026-03-14T09:30:02.118Z",
          "agent": {"id": "PLH1HKV", "summary": "Dana Oncall", "type": "user_reference"},
          "client": {"name": "PagerDuty"},
          "data": {"incident": {"html_url": "https://studio.pagerduty.com/incidents/%s", "id": "%s",
                                "self": "https://api.pagerduty.com/incidents/%s", "summary": "5xx on game-api",
                                "type": "incident_reference"},
                   "id": "P2LA89X", "content": "%s", "trimmed": false, "type": "incident_note"}}}"""
        .formatted(eventId, pagerDutyIncident, pagerDutyIncident, pagerDutyIncident, text);
  }

  /** PagerDuty REST API v2 {@code GET /incidents/{id}}: the incident, wrapped, with fields Pitcrew does not read. */
  static String restIncident(String pagerDutyIncident, String incidentKey) {
    return """
        {"incident": {"id": "%s", "type": "incident", "summary": "[#412] 5xx above 5%% on game-api",
          "self": "https://api.pagerduty.com/incidents/%s",
          "html_url": "https://studio.pagerduty.com/incidents/%s",
          "incident_number": 412, "title": "5xx above 5%% on game-api",
          "created_at": "2026-03-14T09:21:05Z", "updated_at": "2026-03-14T09:24:11Z",
          "status": "acknowledged", "incident_key": "%s",
          "service": {"id": "PF9KMXH", "type": "service_reference", "summary": "game-api",
                      "self": "https://api.pagerduty.com/services/PF9KMXH"},
          "assignments": [], "acknowledgements": [], "pending_actions": [], "teams": [],
          "alert_counts": {"all": 1, "triggered": 0, "resolved": 0},
          "urgency": "high", "priority": null, "resolve_reason": null}}""".formatted(pagerDutyIncident,
        pagerDutyIncident, pagerDutyIncident, incidentKey);
  }

  static String ping(String eventId) {
    return """
        {"event": {"id": "%s", "event_type": "pagey.ping", "resource_type": "pagey",
          "occurred_at": "2026-03-14T09:00:00.000Z", "agent": null, "client": null,
          "data": {"message": "Hello from your friend Pagey!", "type": "ping"}}}""".formatted(eventId);
  }

  static String signature(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "v1=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
