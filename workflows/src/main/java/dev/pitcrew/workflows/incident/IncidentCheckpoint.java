package dev.pitcrew.workflows.incident;

import dev.pitcrew.workflows.run.RunTrackerCheckpoint;
import java.util.List;

/**
 * Everything a long incident carries into its next run when it continues as new, timeline included. Only the
 * workflow creates one.
 *
 * @param cardTs the Slack {@code ts} of the channel's card, so the next run keeps updating the same message; null
 *     when no card was posted (or the checkpoint was written before cards were kept up to date)
 * @param escalationHeldMillis how long the level being paged still had to be acknowledged when every alert
 *     cleared and escalation held; null when escalation is not held
 */
public record IncidentCheckpoint(
    RunTrackerCheckpoint tracker,
    IncidentSetup setup,
    IncidentStatus status,
    List<String> pagedServices,
    List<String> responderGroups,
    List<String> firingAlerts,
    List<TimelineEntry> timeline,
    String cardTs,
    Long escalationHeldMillis) {}
