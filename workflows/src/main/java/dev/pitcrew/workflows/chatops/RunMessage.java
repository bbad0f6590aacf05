package dev.pitcrew.workflows.chatops;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Workflow-side handle on a run's Slack message. Does nothing for runs not started from Slack (no activity is
 * scheduled, so their histories are unchanged). Slack trouble never fails the run: each call is retried durably
 * (rate limits wait for Slack's Retry-After) for up to {@link #GIVE_UP_AFTER}, then the update is logged and
 * skipped, and later updates are still tried.
 *
 * <p>Only use from workflow code.
 */
public final class RunMessage {
  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(15);
  private static final Logger log = Workflow.getLogger(RunMessage.class);
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(20))
          .setScheduleToCloseTimeout(GIVE_UP_AFTER)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setDoNotRetry("SlackRejected")
                  .build())
          .build();

  private final ChatOpsContext chat;
  private final SlackMessages slack;
  private SlackMessageRef ref;

  private RunMessage(ChatOpsContext chat) {
    this.chat = chat;
    this.slack = chat == null ? null : Workflow.newActivityStub(SlackMessages.class, OPTIONS);
  }

  /** Posts the first version of the run's message (when the run came from Slack). */
  public static RunMessage open(ChatOpsContext chat, RunCard card) {
    RunMessage message = new RunMessage(chat);
    if (chat != null) {
      try {
        message.ref = message.slack.post(chat.channel(), card);
      } catch (ActivityFailure failure) {
        log.warn("Could not post the run's Slack message; the run goes on without it: {}", failure.getMessage());
      }
    }
    return message;
  }

  public ChatOpsContext chat() {
    return chat;
  }

  public void update(RunCard card) {
    if (ref == null) {
      return;
    }
    try {
      slack.update(ref, card);
    } catch (ActivityFailure failure) {
      log.warn("Could not update the run's Slack message: {}", failure.getMessage());
    }
  }

  /** A detail line in the message's thread. */
  public void detail(String text) {
    if (ref == null) {
      return;
    }
    try {
      slack.reply(ref, text);
    } catch (ActivityFailure failure) {
      log.warn("Could not add to the run's Slack thread: {}", failure.getMessage());
    }
  }
}
