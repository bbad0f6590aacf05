package dev.pitcrew.api.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;

/** Slack users as the shared vendors server's WireMock knows them. */
final class SlackOnWireMock {
  private SlackOnWireMock() {}

  /** {@code users.info} answers for a Slack user ID with the email {@code <name>@studio.example}. */
  static void knowsUser(WireMockServer slack, String userId, String name) {
    slack.stubFor(post(urlEqualTo("/api/users.info")).withRequestBody(containing("user=" + userId))
        .willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"" + userId + "\",\"profile\":{\"email\":\""
            + name + "@studio.example\"}}}")));
  }
}
