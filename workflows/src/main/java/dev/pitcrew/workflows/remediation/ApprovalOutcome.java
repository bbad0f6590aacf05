package dev.pitcrew.workflows.remediation;

/** What the {@code decide} update answers: the decision as recorded and the phase the remediation moves to. */
public record ApprovalOutcome(String by, boolean approved, String phase) {}
