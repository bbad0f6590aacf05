package dev.pitcrew.api.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The Slack app in HTTP mode with Slack's Web API served by a test's WireMock server. */
final class SlackOnWireMock {
  private SlackOnWireMock() {}

  /** Signed HTTP mode, a bot token, Slack's Web API at {@code slack}, and links to {@code https://pitcrew.example}. */
  static void register(DynamicPropertyRegistry registry, WireMockServer slack, String signingSecret) {
    registry.add("pitcrew.slack.mode", () -> "http");
    registry.add("pitcrew.slack.signing-secret", () -> signingSecret);
    registry.add("pitcrew.slack.bot-token", () -> "xoxb-test-token");
    registry.add("pitcrew.slack.api-url", () -> slack.baseUrl() + "/api/");
    registry.add("pitcrew.slack.channel-interval", () -> "10ms");
    registry.add("pitcrew.public.url", () -> "https://pitcrew.example");
  }

  /** {@code users.info} answers for a Slack user ID with the email {@code <name>@studio.example}. */
  static void knowsUser(WireMockServer slack, String userId, String name) {
    slack.stubFor(post(urlEqualTo("/api/users.info")).withRequestBody(containing("user=" + userId))
        .willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"" + userId + "\",\"profile\":{\"email\":\""
            + name + "@studio.example\"}}}")));
  }
}
