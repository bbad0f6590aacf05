package dev.pitcrew.workflows.drill;

import dev.pitcrew.workflows.chatops.ChatOpsContext;

/**
 * Asks for one run of a drill. The run reads the drill's current definition when it starts.
 *
 * @param requestedBy the authenticated principal who asked (or {@code schedule})
 * @param trigger {@code api}, {@code slack} or {@code schedule}
 * @param chat set when asked for in Slack: the run keeps its message in that channel current; otherwise the
 *     definition's {@code reporting.slackChannel}, if any, is used
 * @param recovery set for a real recovery (recovery mode) rather than a drill; null for a drill
 */
public record DrillRequest(
    String drill, String requestedBy, String trigger, ChatOpsContext chat, RecoveryRequest recovery) {

  public DrillRequest(String drill, String requestedBy, String trigger, ChatOpsContext chat) {
    this(drill, requestedBy, trigger, chat, null);
  }
}
