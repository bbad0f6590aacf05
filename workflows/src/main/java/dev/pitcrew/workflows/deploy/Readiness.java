package dev.pitcrew.workflows.deploy;

/** A Deployment that became available, and how long the wait took. */
public record Readiness(String deploymentName, int availableReplicas, long waitedMillis) {}
