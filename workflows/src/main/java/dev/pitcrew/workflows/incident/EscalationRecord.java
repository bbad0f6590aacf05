package dev.pitcrew.workflows.incident;

/** A level was paged: {@code by} is {@value TimelineEntry#PITCREW} for a timer, or who asked to escalate. */
public record EscalationRecord(
    String incidentId, String service, Severity severity, EscalationStep step, String by, long atMillis) {}
