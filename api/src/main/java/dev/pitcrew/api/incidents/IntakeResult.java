package dev.pitcrew.api.incidents;

/** @param incidentId the incident's workflow ID; null when {@link IntakeOutcome#NO_OPEN_INCIDENT} */
public record IntakeResult(String incidentId, IntakeOutcome outcome) {}
