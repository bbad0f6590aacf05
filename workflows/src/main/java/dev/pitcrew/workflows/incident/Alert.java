package dev.pitcrew.workflows.incident;

/**
 * Payload of the {@code alert} signal: a monitoring alert that joins (or clears within) the incident.
 *
 * @param alertKey identifies the alert so a later RESOLVED matches its FIRING; the opening alert's key is the
 *     incident's dedup key
 */
public record Alert(String actor, String source, String alertKey, AlertStatus status, String summary)
    implements IncidentSignal {}
