package dev.pitcrew.workflows.deploy;

/**
 * Wait until a Deployment runs {@code replicas} available replicas of attempt {@code attemptId}.
 *
 * @param progressDeadlineSeconds give up after this long (also set on the Deployment, so Kubernetes reports
 *     {@code ProgressDeadlineExceeded} itself)
 */
public record ReadinessCheck(
    String namespace, String deploymentName, int replicas, String attemptId, int progressDeadlineSeconds) {}
