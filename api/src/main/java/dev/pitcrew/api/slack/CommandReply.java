package dev.pitcrew.api.slack;

/**
 * What Pitcrew answers in Slack.
 *
 * @param blocksJson Block Kit JSON, or null for text only
 * @param ephemeral only the user who asked sees it
 * @param target the run the command started or steered, for the audit trail; null when none
 */
public record CommandReply(String text, String blocksJson, boolean ephemeral, String target) {

  public static CommandReply ephemeral(String text) {
    return new CommandReply(text, null, true, null);
  }

  public static CommandReply ephemeral(String text, String target) {
    return new CommandReply(text, null, true, target);
  }

  public static CommandReply inChannel(String text, String target) {
    return new CommandReply(text, null, false, target);
  }
}
