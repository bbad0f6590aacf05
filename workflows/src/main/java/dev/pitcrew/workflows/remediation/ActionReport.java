package dev.pitcrew.workflows.remediation;

/** What an action did, for the timeline; {@code repeated} when a retry found its own earlier effect in place. */
public record ActionReport(String summary, boolean repeated) {}
