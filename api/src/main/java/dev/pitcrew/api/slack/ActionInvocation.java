package dev.pitcrew.api.slack;

/**
 * One click.
 *
 * @param value what the control carries: a button's value (normally the workflow ID), or the option chosen in a
 *     select menu
 * @param messageTs the message the button is on
 * @param blockId the block the control sits in; messages whose select menus cannot carry the workflow ID in
 *     their value put it here (the incident summary: {@code incident:<workflowId>})
 */
public record ActionInvocation(SlackIdentity user, String channel, String value, String messageTs, String blockId) {

  public ActionInvocation(SlackIdentity user, String channel, String value, String messageTs) {
    this(user, channel, value, messageTs, null);
  }
}
