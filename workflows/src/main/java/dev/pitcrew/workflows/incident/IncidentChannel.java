package dev.pitcrew.workflows.incident;

/** The incident's Slack channel. */
public record IncidentChannel(String id, String name) {}
