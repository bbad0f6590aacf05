package dev.pitcrew.workflows.remediation;

/**
 * Argument of the {@code decide} update: a person approves or rejects the high-risk steps.
 *
 * @param by the authenticated caller, never a body field
 * @param permitted whether the caller holds the approval permission (checked by the API, enforced by the validator)
 */
public record ApprovalDecision(String by, boolean approve, String reason, boolean permitted) {}
