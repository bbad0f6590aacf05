package dev.pitcrew.workflows.incident;

import java.util.List;

/**
 * What the channel's first message says.
 *
 * @param incidentId the workflow ID; the buttons carry it so a click can signal the right run
 * @param responderGroups Slack user groups paged so far, mentioned in the message
 */
public record IncidentSummary(
    String incidentId,
    String title,
    String details,
    String service,
    Severity severity,
    String openedBy,
    String commander,
    List<String> responderGroups) {}
