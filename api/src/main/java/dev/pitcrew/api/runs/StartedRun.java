package dev.pitcrew.api.runs;

/** @param created false when an idempotency key matched a run started earlier */
public record StartedRun(String workflowId, String type, boolean created) {}
