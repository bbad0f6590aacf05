package dev.pitcrew.activities.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.time.Duration;

/** The real Slack Web API delivery, pointed at a WireMock server, for tests outside this package. */
public final class SlackWebApiOnWireMock {
  private SlackWebApiOnWireMock() {}

  public static SlackDelivery at(String baseUrl, String botToken) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(baseUrl + "/api/");
    config.setStatsEnabled(false);
    return new SlackWebApiDelivery(Slack.getInstance(config), botToken, Duration.ofMillis(10));
  }
}
