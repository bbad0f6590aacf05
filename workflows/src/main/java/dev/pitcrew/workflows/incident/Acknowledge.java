package dev.pitcrew.workflows.incident;

/** Payload of the {@code acknowledge} signal: someone paged has taken the incident. */
public record Acknowledge(String actor, String source) implements IncidentSignal {}
