package dev.pitcrew.workflows.incident;

/** Payload of the {@code note} signal: a line for the timeline (and so for the postmortem). */
public record Note(String actor, String source, String text) implements IncidentSignal {}
