package dev.pitcrew.workflows.chatops;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The port through which a workflow keeps its Slack message current: one message per run, updated in place, plus
 * a thread under it for details. Implementations keep to Slack's rate limits; when Slack answers 429 they fail
 * the attempt as retryable with Slack's {@code Retry-After} as the next retry delay, so nothing is dropped.
 */
@ActivityInterface
public interface SlackMessages {

  /** Posts the run's message to {@code channel} and answers where it landed. */
  @ActivityMethod(name = "SlackPostRunMessage")
  SlackMessageRef post(String channel, RunCard card);

  /** Rewrites the run's message in place ({@code chat.update}). */
  @ActivityMethod(name = "SlackUpdateRunMessage")
  void update(SlackMessageRef message, RunCard card);

  /** Adds a line to the message's thread. */
  @ActivityMethod(name = "SlackReplyInThread")
  void reply(SlackMessageRef message, String text);
}
