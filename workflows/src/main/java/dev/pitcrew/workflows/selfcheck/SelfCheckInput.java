package dev.pitcrew.workflows.selfcheck;

/**
 * @param label free text shown in the run list, e.g. "after upgrade"
 * @param holdSeconds how long to wait on a durable timer, proving timers fire (0 skips the wait)
 * @param awaitConfirmation whether to wait for a {@code confirm} signal, proving signals reach the run
 * @param confirmationTimeoutSeconds how long to wait for it before failing the check
 */
public record SelfCheckInput(
    String label, int holdSeconds, boolean awaitConfirmation, int confirmationTimeoutSeconds) {}
