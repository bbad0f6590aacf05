package dev.pitcrew.workflows.selfcheck;

import dev.pitcrew.workflows.chatops.ChatOpsContext;

/**
 * @param label free text shown in the run list, e.g. "after upgrade"
 * @param holdSeconds how long to wait on a durable timer, proving timers fire (0 skips the wait)
 * @param awaitConfirmation whether to wait for a {@code confirm} signal, proving signals reach the run
 * @param confirmationTimeoutSeconds how long to wait for it before failing the check
 * @param chat set when the run was asked for in Slack: the run keeps a message there up to date (with a Confirm
 *     button while it waits for confirmation); null otherwise
 */
public record SelfCheckInput(
    String label, int holdSeconds, boolean awaitConfirmation, int confirmationTimeoutSeconds, ChatOpsContext chat) {

  public SelfCheckInput(String label, int holdSeconds, boolean awaitConfirmation, int confirmationTimeoutSeconds) {
    this(label, holdSeconds, awaitConfirmation, confirmationTimeoutSeconds, null);
  }
}
