package dev.pitcrew.activities.slack;

/**
 * Where Pitcrew's Slack Web API calls go: to Slack ({@link SlackWebApiDelivery}, when a bot token is set) or into
 * PostgreSQL ({@link SlackOutbox}, local mode). The one seam to point at a shared outbox later.
 *
 * <p>Failures: {@link SlackFailure.RateLimited} (retry after the given delay), {@link SlackFailure.Unavailable}
 * (retry) and {@link SlackFailure.Rejected} (Slack refused the call; retrying does not help).
 */
public interface SlackDelivery {

  /** {@code chat.postMessage}; answers the new message's {@code ts}. */
  String postMessage(String channel, String threadTs, String text, String blocksJson);

  /** {@code chat.update} of the message at {@code ts}. */
  void updateMessage(String channel, String ts, String text, String blocksJson);

  /**
   * Answers a slash command or a click through its {@code response_url}.
   *
   * @param ephemeral true → only the user who asked sees it
   */
  void respond(String responseUrl, String text, String blocksJson, boolean ephemeral);

  /** True when calls reach Slack, false when they are kept in the outbox. */
  boolean live();
}
