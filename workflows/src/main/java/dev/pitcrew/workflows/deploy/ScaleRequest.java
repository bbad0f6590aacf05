package dev.pitcrew.workflows.deploy;

public record ScaleRequest(String namespace, String deploymentName, int replicas) {}
