package dev.pitcrew.api.incidents;

import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.IncidentChannel;
import dev.pitcrew.workflows.incident.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One incident as {@code GET /api/v1/incidents/{id}} answers it: the row its workflow recorded with its last change
 * (the {@code incidents} table), or, before the first record, the workflow's {@code status} query. Times are
 * ISO-8601 instants and durations.
 *
 * @param answeredBy {@code incidents-table} (the recorded row, as of {@link #asOf}; {@link #fallbackReason} says why
 *     when that is because the workflow could not be asked) or {@code workflow} (its live status query, for an
 *     incident not recorded yet)
 * @param escalation the level last paged and the pass through the ladder (0 = first), or null
 * @param nextEscalationAt when the next level is paged unless someone acknowledges; null when not waiting
 * @param mtta opened to first acknowledgement (ISO-8601 duration), or null
 * @param mttr opened to resolution (ISO-8601 duration), or null
 * @param alertsClearedAt when every alert of the incident had cleared (escalation holds, the incident waits for a
 *     human to resolve it); null while an alert fires
 * @param asOf when what this says was recorded ({@code incidents-table}) or read ({@code workflow}). The workflow
 *     records its row in the workflow task that makes a change, before it answers the decision that made it, so a
 *     caller who acknowledged, escalated, resolved or changed severity reads the change in their next read; what
 *     lags is only a record whose write failed at once and is being retried (then {@code asOf} is older than the
 *     change). Notes change nothing shown here (the timeline shows them); a stakeholder update moves only the next
 *     update's due time.
 */
record IncidentView(
    String incidentId,
    String dedupKey,
    String service,
    String title,
    String severity,
    String state,
    String commander,
    Instant openedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String resolvedBy,
    EscalationStep escalation,
    Instant nextEscalationAt,
    Instant nextStakeholderUpdateDueAt,
    IncidentChannel channel,
    String postmortemKey,
    List<String> followUpKeys,
    String mtta,
    String mttr,
    Instant alertsClearedAt,
    String answeredBy,
    String fallbackReason,
    Instant asOf,
    Map<String, String> links) {

  static final String FROM_WORKFLOW = "workflow";
  static final String FROM_TABLE = "incidents-table";

  static IncidentView of(IncidentStatus status) {
    return new IncidentView(
        status.incidentId(), status.dedupKey(), status.service(), status.title(), status.severity().name(),
        status.state().name(), status.commander(), instant(status.openedAtMillis()),
        instant(status.acknowledgedAtMillis()), status.acknowledgedBy(), instant(status.resolvedAtMillis()),
        status.resolvedBy(), status.escalation(), instant(status.nextEscalationAtMillis()),
        instant(status.nextStakeholderUpdateDueAtMillis()), status.channel(), status.postmortemKey(),
        status.followUpKeys(), duration(status.mttaMillis()), duration(status.mttrMillis()),
        instant(status.alertsClearedAtMillis()), FROM_WORKFLOW, null, Instant.now(),
        links(status.incidentId()));
  }

  static IncidentView of(IncidentTable.Row row, String fallbackReason) {
    EscalationStep escalation = row.escalationLevel() == null
        ? null
        : new EscalationStep(row.escalationLevel(), row.escalationLoop() == null ? 0 : row.escalationLoop());
    return new IncidentView(
        row.incidentId(), row.dedupKey(), row.service(), row.title(), row.severity(), row.state(), row.commander(),
        row.openedAt(), row.acknowledgedAt(), row.acknowledgedBy(), row.resolvedAt(), row.resolvedBy(), escalation,
        row.nextEscalationAt(), row.nextStakeholderUpdateDueAt(),
        row.slackChannel() == null ? null : new IncidentChannel(row.slackChannelId(), row.slackChannel()),
        row.postmortemKey(), row.followUpKeys() == null ? List.of() : row.followUpKeys(),
        between(row.openedAt(), row.acknowledgedAt()), between(row.openedAt(), row.resolvedAt()),
        row.alertsClearedAt(), FROM_TABLE, fallbackReason, row.updatedAt(), links(row.incidentId()));
  }

  static Map<String, String> links(String incidentId) {
    String self = "/api/v1/incidents/" + incidentId;
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", self);
    links.put("timeline", self + "/timeline");
    links.put("run", "/api/v1/runs/" + incidentId);
    return links;
  }

  private static Instant instant(Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }

  private static String duration(Long millis) {
    return millis == null ? null : Duration.ofMillis(millis).toString();
  }

  private static String between(Instant from, Instant to) {
    return from == null || to == null ? null : Duration.between(from, to).toString();
  }
}
