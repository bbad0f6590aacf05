package dev.pitcrew.workflows.incident;

import java.util.List;

/** Everything the postmortem draft is written from: the incident as resolved and its full timeline. */
public record PostmortemRequest(IncidentStatus incident, String resolutionSummary, List<TimelineEntry> timeline) {}
