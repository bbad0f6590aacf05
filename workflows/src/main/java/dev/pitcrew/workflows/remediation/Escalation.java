package dev.pitcrew.workflows.remediation;

import java.util.List;

/**
 * A remediation that could not fix its alert hands it to the incident family.
 *
 * @param incidentId the incident the alert already opened (page immediately); null to open or join the incident
 *     of {@code dedupKey}, which pages once when it opens
 * @param notes what was tried, one timeline line each
 */
public record Escalation(
    String incidentId, String dedupKey, String service, String severity, String title, String details,
    String alertKey, List<String> notes) {}
