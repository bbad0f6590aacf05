package dev.pitcrew.workflows.incident;

/** Payload of the {@code changeSeverity} signal. */
public record ChangeSeverity(String actor, String source, Severity severity, String reason) implements IncidentSignal {}
