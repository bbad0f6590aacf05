package dev.pitcrew.api.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.LocalModeTestProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Socket Mode against a local WebSocket server standing in for Slack's: Pitcrew opens the connection with the
 * app-level token ({@code apps.connections.open} on WireMock), takes a slash-command envelope off the socket,
 * acknowledges it there, and carries the command out. No bot token: Slack calls land in the outbox.
 */
// A context of its own, closed after the class: cached, it would keep reconnecting to the fake Slack socket this
// class stops, for the rest of the JVM (SharedServerTest).
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlackSocketModeTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final WireMockServer slackApi = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  static final FakeSlackSocket socket = new FakeSlackSocket(FreePorts.next());

  static {
    slackApi.start();
    socket.start();
    slackApi.stubFor(post(urlEqualTo("/api/apps.connections.open"))
        .willReturn(okJson("{\"ok\":true,\"url\":\"ws://127.0.0.1:" + socket.getPort() + "/link\"}")));
  }

  /** Slack's side of the socket: says hello, and records what Pitcrew sends back. */
  static final class FakeSlackSocket extends WebSocketServer {
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile WebSocket client;

    FakeSlackSocket(int port) {
      super(new InetSocketAddress("127.0.0.1", port));
      setReuseAddr(true);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      client = conn;
      conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"test\"},"
          + "\"connection_info\":{\"app_id\":\"A0PITCREW\"}}");
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

    @Override
    public void onMessage(WebSocket conn, String message) {
      received.add(message);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {}

    @Override
    public void onStart() {}
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    LocalModeTestProperties.register(registry, Files.createTempDirectory("pitcrew-slack-socket"));
    registry.add("pitcrew.slack.mode", () -> "socket");
    registry.add("pitcrew.slack.app-token", () -> "xapp-1-test");
    registry.add("pitcrew.slack.api-url", () -> slackApi.baseUrl() + "/api/");
    registry.add("pitcrew.chatops.default-roles", () -> "operator");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    socket.stop(1000);
    slackApi.stop();
  }

  @LocalServerPort int port;

  @Test
  void aSlashCommandEnvelopeIsAcknowledgedOnTheSocketAndItsRepliesLandInTheOutbox() {
    await().atMost(Duration.ofSeconds(30)).until(() -> socket.client != null);
    socket.client.send("""
        {"envelope_id":"57d6a792-4d35-4d0b-b6aa-3361493e1caf","type":"slash_commands",
         "accepts_response_payload":true,
         "payload":{"token":"t","team_id":"T0PITCREW","team_domain":"studio","channel_id":"C0LOCAL",
                    "channel_name":"ops","user_id":"U0LOCAL","user_name":"local","command":"/pitcrew",
                    "text":"selfcheck over the socket","api_app_id":"A0PITCREW",
                    "response_url":"https://hooks.slack.com/commands/T0PITCREW/1/abc","trigger_id":"1.2.3"}}
        """);

    String ack = await().atMost(Duration.ofSeconds(30)).until(() -> socket.received, r -> !r.isEmpty()).getFirst();
    assertThat(JSON.readTree(ack).get("envelope_id").asString()).isEqualTo("57d6a792-4d35-4d0b-b6aa-3361493e1caf");

    HttpApi api = new HttpApi(port);
    JsonNode reply = await().atMost(Duration.ofSeconds(30))
        .until(() -> items(api).stream().filter(e -> e.get("method").asString().equals("response_url")).toList(),
            l -> !l.isEmpty())
        .getFirst();
    assertThat(reply.get("text").asString()).startsWith("Started self-check run `selfcheck-over-the-socket-");
    assertThat(reply.toString()).doesNotContain("hooks.slack.com");

    // The run's own message is kept too, in the channel the command came from, with a Slack-shaped ts.
    JsonNode posted = await().atMost(Duration.ofSeconds(30))
        .until(() -> items(api).stream().filter(e -> e.get("method").asString().equals("chat.postMessage")).toList(),
            l -> !l.isEmpty())
        .getFirst();
    assertThat(posted.get("channel").asString()).isEqualTo("C0LOCAL");
    assertThat(posted.get("ts").asString()).matches("[0-9]+\\.[0-9]{6}");
    assertThat(JSON.readTree(posted.get("body").asString()).get("blocks").isArray()).isTrue();

    // The HTTP endpoints are off in Socket Mode.
    HttpApi.Response http = api.post("/slack/commands", "{}");
    assertThat(http.status()).isEqualTo(404);
    assertThat(http.body().get("detail").asString()).contains("Socket Mode");
  }

  private static List<JsonNode> items(HttpApi api) {
    return api.get("/api/v1/slack/outbox?size=200").body().get("items").valueStream().toList();
  }
}
