package dev.pitcrew.api.slack;

import java.util.List;

/**
 * One use of a command.
 *
 * @param args the words after the subcommand
 * @param idempotencyKey stable for this Slack request: starting a run with it twice gives the same run
 */
public record CommandInvocation(SlackIdentity user, String channel, List<String> args, String idempotencyKey) {

  /** The arguments from {@code from} on, joined by spaces, or null when there are none. */
  public String rest(int from) {
    return args.size() <= from ? null : String.join(" ", args.subList(from, args.size()));
  }
}
