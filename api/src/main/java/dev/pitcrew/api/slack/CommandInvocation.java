package dev.pitcrew.api.slack;

import java.util.List;

/**
 * One use of a command.
 *
 * @param channel the Slack channel ID it was typed in
 * @param channelName that channel's name as Slack sent it (null when unknown, e.g. requests accepted by an older
 *     version); commands that act on "this channel's" incident look it up by name
 * @param args the words after the subcommand
 * @param idempotencyKey stable for this Slack request: starting a run with it twice gives the same run
 */
public record CommandInvocation(
    SlackIdentity user, String channel, String channelName, List<String> args, String idempotencyKey) {

  public CommandInvocation(SlackIdentity user, String channel, List<String> args, String idempotencyKey) {
    this(user, channel, null, args, idempotencyKey);
  }

  /** The arguments from {@code from} on, joined by spaces, or null when there are none. */
  public String rest(int from) {
    return args.size() <= from ? null : String.join(" ", args.subList(from, args.size()));
  }
}
