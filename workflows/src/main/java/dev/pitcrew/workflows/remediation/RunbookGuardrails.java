package dev.pitcrew.workflows.remediation;

/**
 * A runbook's own limits, on top of the global ones.
 *
 * @param maxPerTarget at most this many remediations of one target in {@code windowSeconds}
 * @param maxPodsPercent at most this share of a service's pods touched by remediations in {@code windowSeconds}
 */
public record RunbookGuardrails(int maxPerTarget, long windowSeconds, int maxPodsPercent) {}
