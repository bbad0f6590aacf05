package dev.pitcrew.workflows.incident;

import java.util.List;

/**
 * What the incident channel's card (its first message, kept up to date) shows: where the incident stands now and
 * which controls still make sense. The workflow renders one from its state each time the card is posted or updated.
 *
 * @param incidentId the workflow ID; the controls carry it so a click can signal the right run
 * @param state OPEN shows Acknowledge / Escalate / Resolve, ACKNOWLEDGED drops Acknowledge, RESOLVED shows no controls
 * @param acknowledgedBy who acknowledged last; null while nobody has
 * @param resolvedBy who resolved it; null until resolved
 * @param escalation the level last paged, or null when nobody was paged
 * @param responderGroups Slack user groups paged so far, mentioned on the card
 * @param mttaMillis opened to first acknowledgement; null when never acknowledged
 * @param mttrMillis opened to resolved; null until resolved
 */
public record IncidentCard(
    String incidentId,
    String title,
    String details,
    String service,
    Severity severity,
    IncidentState state,
    String openedBy,
    String commander,
    String acknowledgedBy,
    String resolvedBy,
    EscalationStep escalation,
    List<String> responderGroups,
    Long mttaMillis,
    Long mttrMillis) {}
