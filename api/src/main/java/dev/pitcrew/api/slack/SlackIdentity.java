package dev.pitcrew.api.slack;

/**
 * A Slack user as Pitcrew knows them.
 *
 * @param identity the Pitcrew identity: the mapped name, the Slack profile email, or {@code slack:<user ID>}
 */
public record SlackIdentity(String slackUserId, String teamId, String identity) {}
