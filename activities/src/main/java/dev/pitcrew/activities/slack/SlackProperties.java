package dev.pitcrew.activities.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param botToken Slack bot token ({@code xoxb-...}) allowed to {@code chat.postMessage}; never logged. Without it
 *     Pitcrew records the messages it would have posted.
 * @param apiUrl Slack Web API base, e.g. for a proxy; Slack's own when unset
 */
@ConfigurationProperties("pitcrew.slack")
public record SlackProperties(String botToken, String apiUrl) {

  public boolean configured() {
    return botToken != null && !botToken.isBlank();
  }

  @Override
  public String toString() {
    return "SlackProperties[botToken=***, apiUrl=" + apiUrl + "]";
  }
}
