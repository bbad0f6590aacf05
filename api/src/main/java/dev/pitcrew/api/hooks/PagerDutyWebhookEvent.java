package dev.pitcrew.api.hooks;

/**
 * The parts of a PagerDuty v3 webhook event Pitcrew acts on.
 *
 * @param id {@code event.id}
 * @param type {@code event.event_type}, e.g. {@code incident.acknowledged}
 * @param agent {@code event.agent.summary}: who did it in PagerDuty; null for PagerDuty's own actions
 * @param incidentKey {@code event.data.incident_key}: Pitcrew triggers PagerDuty with its incident ID as the dedup
 *     key, so this is the Pitcrew incident; null when the event's data does not carry one
 * @param pagerDutyIncident {@code event.data.id} (or {@code event.data.incident.id} for notes)
 * @param note {@code event.data.content} of {@code incident.annotated}
 */
record PagerDutyWebhookEvent(
    String id,
    String type,
    String occurredAt,
    String agent,
    String incidentKey,
    String pagerDutyIncident,
    String title,
    String service,
    String htmlUrl,
    String note) {
  static final String PING = "pagey.ping";
  static final String ACKNOWLEDGED = "incident.acknowledged";
  static final String RESOLVED = "incident.resolved";
  static final String ANNOTATED = "incident.annotated";
}
