package dev.pitcrew.api.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Slack as the shared vendors server's WireMock plays it: its users, its response URLs, the Web API calls it got. */
final class SlackOnWireMock {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SlackOnWireMock() {}

  /** {@code users.info} answers for a Slack user ID with the email {@code <name>@studio.example}. */
  static void knowsUser(WireMockServer slack, String userId, String name) {
    slack.stubFor(post(urlEqualTo("/api/users.info")).withRequestBody(containing("user=" + userId))
        .willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"" + userId + "\",\"profile\":{\"email\":\""
            + name + "@studio.example\"}}}")));
  }

  /** A fresh response URL on WireMock, as Slack hands one with every command and click. */
  static String responseUrl(WireMockServer slack) {
    return slack.baseUrl() + "/respond/" + UUID.randomUUID();
  }

  /** The JSON bodies Pitcrew posted to one response URL. */
  static List<JsonNode> replies(WireMockServer slack, String responseUrl) {
    String path = responseUrl.substring(slack.baseUrl().length());
    return slack.findAll(postRequestedFor(urlEqualTo(path))).stream()
        .map(request -> JSON.readTree(request.getBodyAsString()))
        .toList();
  }

  /** The first reply to a response URL, waited for: commands are answered after their HTTP 200. */
  static JsonNode awaitReply(WireMockServer slack, String responseUrl) {
    return await().atMost(Duration.ofSeconds(30))
        .until(() -> replies(slack, responseUrl), replies -> !replies.isEmpty())
        .getFirst();
  }

  /** The form fields of every Web API call of one method ({@code chat.postMessage}, ...), oldest first. */
  static List<Map<String, String>> webApiCalls(WireMockServer slack, String method) {
    return slack.findAll(postRequestedFor(urlEqualTo("/api/" + method))).stream()
        .map(SlackOnWireMock::formOf)
        .toList();
  }

  /** The ChatOps audit row of the request that carried this response URL. */
  static Map<String, Object> auditOf(JdbcClient jdbc, String responseUrl) {
    return jdbc.sql("select identity, result, target, action, kind, channel_id from chatops_audit "
            + "where request ->> 'responseUrl' = ?")
        .param(responseUrl).query().singleRow();
  }

  private static Map<String, String> formOf(LoggedRequest request) {
    Map<String, String> form = new HashMap<>();
    for (String pair : request.getBodyAsString().split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return form;
  }
}
