package dev.pitcrew.workflows.remediation;

/** Payload of the {@code alert} signal: a firing or resolved notification of an alert on the remediation's target. */
public record AlertNotice(String fingerprint, boolean resolved) {}
