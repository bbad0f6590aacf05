package dev.pitcrew.workflows.drill;

/**
 * Payload of the {@code approveRecovery} and {@code rejectRecovery} Updates.
 *
 * @param by the authenticated principal who decided
 * @param mayRecover whether the caller holds {@code drills.recover} (the releaser role), as the API found it: the
 *     workflow's validator holds the rule, the caller's permissions are an input to it
 */
public record RecoveryDecision(String by, String reason, boolean mayRecover) {}
