package dev.pitcrew.workflows.chatops;

import dev.pitcrew.workflows.run.SideEffects;
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
 * <p>With {@link SideEffects} in the background, nothing here holds the run up: the post, updates and thread
 * replies queue on the run's Slack lane in order, and a burst of updates while one is in flight costs one
 * {@code chat.update} of the newest card. Runs from before that policy wait for each call, as they did.
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
  private final SideEffects effects;
  private SlackMessageRef ref;
  /** The newest card not sent yet; one queued update sends whatever is newest when it runs. */
  private RunCard pendingCard;

  private RunMessage(ChatOpsContext chat, SideEffects effects) {
    this.chat = chat;
    this.effects = effects;
    this.slack = chat == null ? null : Workflow.newActivityStub(SlackMessages.class, OPTIONS);
  }

  /** Posts the first version of the run's message (when the run came from Slack); the run waits for it. */
  public static RunMessage open(ChatOpsContext chat, RunCard card) {
    return open(chat, card, SideEffects.inPlace());
  }

  /** Posts the first version of the run's message (when the run came from Slack), as {@code effects} says. */
  public static RunMessage open(ChatOpsContext chat, RunCard card, SideEffects effects) {
    RunMessage message = new RunMessage(chat, effects);
    if (chat != null && effects.inBackground()) {
      effects.deliver(SideEffects.SLACK, "post the run's message", () -> message.ref = message.slack.post(chat.channel(), card));
    } else if (chat != null) {
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
    if (chat != null && effects.inBackground()) {
      boolean queued = pendingCard != null;
      pendingCard = card;
      if (!queued) {
        effects.deliver(SideEffects.SLACK, "update the run's message", () -> {
          RunCard newest = pendingCard;
          pendingCard = null;
          if (ref != null) {
            slack.update(ref, newest);
          }
        });
      }
      return;
    }
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
    if (chat != null && effects.inBackground()) {
      effects.deliver(SideEffects.SLACK, "add to the run's thread", () -> {
        if (ref != null) {
          slack.reply(ref, text);
        }
      });
      return;
    }
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
