package dev.pitcrew.activities.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.conversations.ConversationsCreateResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.model.ConversationType;
import com.slack.api.model.block.LayoutBlock;
import dev.pitcrew.activities.failure.RateLimited;
import dev.pitcrew.workflows.incident.IncidentChannel;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Slack's Web API through the official client. Messages to one channel are spaced by the configured interval
 * ({@link ChannelPacer}); HTTP 429 becomes a retryable failure whose next-retry delay is Slack's {@code Retry-After},
 * so Temporal retries the same message after exactly that long and none is dropped.
 */
public class SlackWebApi implements SlackConversations {
  private static final Duration RETRY_AFTER_WHEN_UNSAID = Duration.ofSeconds(30);
  private static final Set<String> TRANSIENT_ERRORS =
      Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

  @FunctionalInterface
  private interface SlackCall<T> {
    T call() throws IOException, SlackApiException;
  }

  private final MethodsClient methods;
  private final ChannelPacer pacer;

  public SlackWebApi(Slack slack, String botToken, Duration channelInterval) {
    this(slack, botToken, new ChannelPacer(channelInterval));
  }

  /** @param pacer shared with every other sender to Slack, so one channel's interval holds across all of them */
  SlackWebApi(Slack slack, String botToken, ChannelPacer pacer) {
    this.methods = slack.methods(botToken);
    this.pacer = pacer;
  }

  @Override
  public IncidentChannel createChannel(String name) {
    ConversationsCreateResponse created =
        call("conversations.create", () -> methods.conversationsCreate(r -> r.name(name).isPrivate(false)));
    if (created.isOk()) {
      return new IncidentChannel(created.getChannel().getId(), created.getChannel().getName());
    }
    if ("name_taken".equals(created.getError())) {
      // An earlier attempt created it before failing: carry on with that channel.
      return findByName(name);
    }
    throw failure("conversations.create", created.getError());
  }

  private IncidentChannel findByName(String name) {
    String cursor = null;
    do {
      String page = cursor;
      ConversationsListResponse list = require("conversations.list", call("conversations.list", () ->
          methods.conversationsList(r -> r.types(List.of(ConversationType.PUBLIC_CHANNEL)).excludeArchived(true)
              .limit(1000).cursor(page))), Set.of());
      var match = list.getChannels().stream().filter(c -> name.equals(c.getName())).findFirst();
      if (match.isPresent()) {
        return new IncidentChannel(match.get().getId(), match.get().getName());
      }
      cursor = list.getResponseMetadata() == null ? null : list.getResponseMetadata().getNextCursor();
    } while (cursor != null && !cursor.isEmpty());
    throw ApplicationFailure.newNonRetryableFailure(
        "Channel #" + name + " is taken but not visible to Pitcrew (archived or private?)", "SlackChannelNameTaken");
  }

  @Override
  public void inviteUserGroups(String channelId, List<String> userGroupIds) {
    for (String group : userGroupIds) {
      List<String> users = require("usergroups.users.list",
          call("usergroups.users.list", () -> methods.usergroupsUsersList(r -> r.usergroup(group))), Set.of())
          .getUsers();
      if (!users.isEmpty()) {
        require("conversations.invite",
            call("conversations.invite", () -> methods.conversationsInvite(r -> r.channel(channelId).users(users))),
            Set.of("already_in_channel", "cant_invite_self"));
      }
    }
  }

  @Override
  public String postMessage(String channel, String text, List<LayoutBlock> blocks) {
    pace(channel, "chat.postMessage");
    return require("chat.postMessage", call("chat.postMessage", () -> methods.chatPostMessage(r -> {
      r.channel(channel).text(text);
      if (blocks != null && !blocks.isEmpty()) {
        r.blocks(blocks);
      }
      return r;
    })), Set.of()).getTs();
  }

  @Override
  public void updateMessage(String channel, String ts, String text, List<LayoutBlock> blocks) {
    pace(channel, "chat.update");
    // Empty blocks are sent as such: an update without them would leave the old blocks (and buttons) in place.
    require("chat.update", call("chat.update",
        () -> methods.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocks(blocks == null ? List.of() : blocks))),
        Set.of());
  }

  /** Waits for the channel's next slot; one too far off is a rate limit, retried by Temporal after that long. */
  private void pace(String channel, String method) {
    try {
      pacer.acquire(channel, method);
    } catch (SlackFailure.RateLimited busy) {
      throw RateLimited.retryAfter("Slack", busy.retryAfter());
    }
  }

  @Override
  public void archive(String channelId) {
    require("conversations.archive",
        call("conversations.archive", () -> methods.conversationsArchive(r -> r.channel(channelId))),
        Set.of("already_archived"));
  }

  private static <T> T call(String method, SlackCall<T> call) {
    try {
      return call.call();
    } catch (SlackApiException e) {
      int status = e.getResponse().code();
      if (status == 429) {
        throw RateLimited.retryAfter("Slack",
            RateLimited.parseRetryAfter(e.getResponse().header("Retry-After"), RETRY_AFTER_WHEN_UNSAID));
      }
      throw ApplicationFailure.newFailure("Slack " + method + " answered HTTP " + status, "SlackUnavailable");
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("Slack unreachable on " + method + ": " + e.getMessage(), "SlackUnavailable");
    }
  }

  private static <T extends SlackApiTextResponse> T require(String method, T response, Set<String> harmless) {
    if (response.isOk() || harmless.contains(response.getError())) {
      return response;
    }
    throw failure(method, response.getError());
  }

  private static ApplicationFailure failure(String method, String error) {
    String message = "Slack " + method + " failed: " + error;
    return TRANSIENT_ERRORS.contains(error)
        ? ApplicationFailure.newFailure(message, "SlackUnavailable")
        // invalid_auth, missing_scope, channel_not_found...: retrying cannot help, someone must fix the setup.
        : ApplicationFailure.newNonRetryableFailure(message, "SlackRejected");
  }
}
