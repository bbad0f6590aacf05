package dev.pitcrew.activities.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Posts messages with Slack's {@code chat.postMessage} when a bot token is configured. */
@Component
@EnableConfigurationProperties(SlackProperties.class)
public class SlackPoster {
  private final SlackProperties properties;
  private final Slack slack;

  public SlackPoster(SlackProperties properties) {
    this.properties = properties;
    SlackConfig config = new SlackConfig();
    if (properties.apiUrl() != null) {
      config.setMethodsEndpointUrlPrefix(properties.apiUrl());
    }
    this.slack = Slack.getInstance(config);
  }

  public boolean configured() {
    return properties.configured();
  }

  public void post(String channel, String text) {
    try {
      ChatPostMessageResponse response =
          slack.methods(properties.botToken()).chatPostMessage(r -> r.channel(channel).text(text));
      if (!response.isOk()) {
        throw new IllegalStateException("Slack refused the message to " + channel + ": " + response.getError());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Slack is unreachable: " + e.getMessage(), e);
    } catch (SlackApiException e) {
      throw new IllegalStateException("Slack answered HTTP " + e.getResponse().code(), e);
    }
  }
}
