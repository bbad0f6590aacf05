package dev.pitcrew.activities.slack;

import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.SlackMessageRef;
import dev.pitcrew.workflows.chatops.SlackMessages;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Workflows' Slack messages, through {@link SlackDelivery}. Slack's answers become Temporal failures: 429 is
 * retryable with Slack's Retry-After as the next retry delay (so the message waits, it is not dropped), Slack
 * being unreachable is retryable with the workflow's backoff, and a refusal (unknown channel, bot not in it) is
 * not retried.
 */
@Component
public class SlackMessagesImpl implements SlackMessages {
  private final SlackDelivery delivery;

  public SlackMessagesImpl(SlackDelivery delivery) {
    this.delivery = delivery;
  }

  @Override
  public SlackMessageRef post(String channel, RunCard card) {
    String ts = call(() -> delivery.postMessage(channel, null, RunCardBlocks.text(card), RunCardBlocks.blocks(card)));
    return new SlackMessageRef(channel, ts);
  }

  @Override
  public void update(SlackMessageRef message, RunCard card) {
    call(() -> {
      delivery.updateMessage(message.channel(), message.ts(), RunCardBlocks.text(card), RunCardBlocks.blocks(card));
      return null;
    });
  }

  @Override
  public void reply(SlackMessageRef message, String text) {
    String blocks = RunCardBlocks.sectionJson(RunCardBlocks.escape(text));
    call(() -> delivery.postMessage(message.channel(), message.ts(), text, blocks));
  }

  private static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (SlackFailure.RateLimited limited) {
      throw ApplicationFailure.newFailureWithCauseAndDelay(
          limited.getMessage(), "SlackRateLimited", null, limited.retryAfter());
    } catch (SlackFailure.Rejected rejected) {
      throw ApplicationFailure.newNonRetryableFailure(rejected.getMessage(), "SlackRejected");
    } catch (SlackFailure.Unavailable unavailable) {
      throw ApplicationFailure.newFailure(unavailable.getMessage(), "SlackUnavailable");
    }
  }
}
