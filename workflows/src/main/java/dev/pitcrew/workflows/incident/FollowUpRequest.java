package dev.pitcrew.workflows.incident;

/**
 * @param number 1-based position among the incident's follow-ups; with the incident ID it identifies the task
 */
public record FollowUpRequest(String incidentId, String postmortemKey, int number, String summary) {}
