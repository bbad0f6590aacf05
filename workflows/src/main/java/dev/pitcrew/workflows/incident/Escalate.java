package dev.pitcrew.workflows.incident;

/** Payload of the {@code escalate} signal: page the next level now, whatever the timer says. */
public record Escalate(String actor, String source, String reason) implements IncidentSignal {}
