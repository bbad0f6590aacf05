package dev.pitcrew.activities.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Sends Pitcrew's Slack calls to Slack's Web API with the bot token, paced per channel. */
public final class SlackWebApiDelivery implements SlackDelivery {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /** {@code ok:false} errors that are Slack's own trouble rather than a bad call. */
  private static final Set<String> TRANSIENT =
      Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

  private final Slack slack;
  private final MethodsClient methods;
  private final ChannelPacer pacer;

  SlackWebApiDelivery(Slack slack, String botToken, Duration channelInterval) {
    this(slack, botToken, new ChannelPacer(channelInterval));
  }

  /** @param pacer shared with every other sender to Slack, so one channel's interval holds across all of them */
  SlackWebApiDelivery(Slack slack, String botToken, ChannelPacer pacer) {
    this.slack = slack;
    this.methods = slack.methods(botToken);
    this.pacer = pacer;
  }

  @Override
  public String postMessage(String channel, String threadTs, String text, String blocksJson) {
    pacer.acquire(channel, "chat.postMessage");
    ChatPostMessageResponse response =
        call("chat.postMessage", () -> methods.chatPostMessage(r -> r.channel(channel)
            .threadTs(threadTs)
            .text(text)
            .blocksAsString(blocksJson)
            .unfurlLinks(false)
            .unfurlMedia(false)));
    return response.getTs();
  }

  @Override
  public void updateMessage(String channel, String ts, String text, String blocksJson) {
    pacer.acquire(channel, "chat.update");
    call("chat.update", () -> methods.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocksAsString(blocksJson)));
  }

  @Override
  public void respond(String responseUrl, String text, String blocksJson, boolean ephemeral) {
    JsonObject body = new JsonObject();
    body.addProperty("response_type", ephemeral ? "ephemeral" : "in_channel");
    body.addProperty("replace_original", false);
    body.addProperty("text", text);
    if (blocksJson != null) {
      body.add("blocks", JsonParser.parseString(blocksJson));
    }
    Request request =
        new Request.Builder().url(responseUrl).post(RequestBody.create(body.toString(), JSON)).build();
    try (Response response = slack.getHttpClient().getOkHttpClient().newCall(request).execute()) {
      if (response.code() == 429) {
        throw new SlackFailure.RateLimited("response_url", retryAfter(response.header("Retry-After")));
      }
      if (response.code() >= 500) {
        throw new SlackFailure.Unavailable("response_url", "HTTP " + response.code());
      }
      if (!response.isSuccessful()) {
        // 404 expired_url and the like: the 30-minute window is over, retrying does not help.
        throw new SlackFailure.Rejected("response_url", "HTTP " + response.code());
      }
    } catch (IOException e) {
      throw new SlackFailure.Unavailable("response_url", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public boolean live() {
    return true;
  }

  private interface Call<T> {
    T run() throws IOException, SlackApiException;
  }

  private static <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
    T response;
    try {
      response = call.run();
    } catch (SlackApiException e) {
      int code = e.getResponse().code();
      if (code == 429) {
        throw new SlackFailure.RateLimited(method, retryAfter(e.getResponse().header("Retry-After")));
      }
      throw new SlackFailure.Unavailable(method, "HTTP " + code);
    } catch (IOException e) {
      throw new SlackFailure.Unavailable(method, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (!response.isOk()) {
      if (TRANSIENT.contains(response.getError())) {
        throw new SlackFailure.Unavailable(method, response.getError());
      }
      throw new SlackFailure.Rejected(method, response.getError());
    }
    return response;
  }

  static Duration retryAfter(String header) {
    if (header == null) {
      return DEFAULT_RETRY_AFTER;
    }
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_AFTER;
    }
  }
}
