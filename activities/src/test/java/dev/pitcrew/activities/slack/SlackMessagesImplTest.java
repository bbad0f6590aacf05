package dev.pitcrew.activities.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.chatops.RunButton;
import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.SlackMessageRef;
import io.temporal.failure.ApplicationFailure;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Slack activity against Slack's Web API on WireMock: what it sends, and how Slack's answers fail it. */
class SlackMessagesImplTest {
  static final WireMockServer slack = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  static {
    slack.start();
  }

  static final RunCard CARD = new RunCard("Self-check \u201cdemo\u201d", "selfcheck-demo-1", "RUNNING",
      "AwaitingConfirmation", new ChatOpsContext("C0OPS", "U0ALICE", "https://pitcrew.example/api/v1/runs/", null),
      List.of("Worker w-1 reached PostgreSQL 17.11 <b>"),
      List.of(new RunButton("pitcrew.selfcheck.confirm", "Confirm", "selfcheck-demo-1", "primary")));

  SlackMessagesImpl activity;

  @BeforeEach
  void client() {
    slack.resetAll();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.baseUrl() + "/api/");
    config.setStatsEnabled(false);
    activity = new SlackMessagesImpl(
        new SlackWebApiDelivery(Slack.getInstance(config), "xoxb-test-token", Duration.ofMillis(10)));
  }

  @AfterAll
  static void stop() {
    slack.stop();
  }

  private static Map<String, String> lastForm(String method) {
    String body = slack.findAll(postRequestedFor(urlEqualTo("/api/" + method))).getLast().getBodyAsString();
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return form;
  }

  @Test
  void postsTheRunCardAsBlocksWithTheBotToken() {
    slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
        .willReturn(okJson("{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"1700000000.000100\"}")));

    SlackMessageRef ref = activity.post("C0OPS", CARD);

    assertThat(ref).isEqualTo(new SlackMessageRef("C0OPS", "1700000000.000100"));
    assertThat(slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).getLast()
        .getHeader("Authorization")).isEqualTo("Bearer xoxb-test-token");
    Map<String, String> form = lastForm("chat.postMessage");
    assertThat(form).containsEntry("channel", "C0OPS")
        .containsEntry("text", "Self-check \u201cdemo\u201d: RUNNING (AwaitingConfirmation)")
        .doesNotContainKey("thread_ts");
    JsonArray blocks = JsonParser.parseString(form.get("blocks")).getAsJsonArray();
    assertThat(blocks.get(1).toString()).contains("PostgreSQL 17.11 &lt;b&gt;");
    assertThat(blocks.get(2).getAsJsonObject().get("type").getAsString()).isEqualTo("actions");
    assertThat(blocks.get(2).toString()).contains("\"action_id\":\"pitcrew.selfcheck.confirm\"",
        "\"value\":\"selfcheck-demo-1\"", "\"style\":\"primary\"");
    assertThat(blocks.get(3).toString())
        .contains("<https://pitcrew.example/api/v1/runs/selfcheck-demo-1|Pitcrew>", "asked by <@U0ALICE>");
  }

  @Test
  void threadRepliesCarryTheMessagesTs() {
    slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
        .willReturn(okJson("{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"1700000000.000200\"}")));

    activity.reply(new SlackMessageRef("C0OPS", "1700000000.000100"), "Confirmed by alice");

    assertThat(lastForm("chat.postMessage")).containsEntry("thread_ts", "1700000000.000100")
        .containsEntry("channel", "C0OPS").containsEntry("text", "Confirmed by alice");
  }

  @Test
  void aRateLimitFailsTheAttemptAsRetryableAfterSlacksRetryAfter() {
    slack.stubFor(post(urlEqualTo("/api/chat.update"))
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
            .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));

    assertThatThrownBy(() -> activity.update(new SlackMessageRef("C0OPS", "1700000000.000100"), CARD))
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo("SlackRateLimited");
          assertThat(failure.isNonRetryable()).isFalse();
          assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
        });
  }

  @Test
  void aRefusalIsNotRetriedAndSlackTroubleIs() {
    slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
        .willReturn(okJson("{\"ok\":false,\"error\":\"channel_not_found\"}")));
    assertThatThrownBy(() -> activity.post("C0GONE", CARD))
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo("SlackRejected");
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getOriginalMessage()).contains("channel_not_found").doesNotContain("xoxb");
        });

    slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> activity.post("C0OPS", CARD))
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo("SlackUnavailable");
          assertThat(failure.isNonRetryable()).isFalse();
        });
  }

  @Test
  void messagesToOneChannelAreSpacedByTheInterval() {
    ChannelPacer pacer = new ChannelPacer(Duration.ofMillis(200));
    long start = System.nanoTime();
    pacer.acquire("C0OPS", "chat.update");
    pacer.acquire("C0OPS", "chat.update");
    pacer.acquire("C0OTHER", "chat.update");
    pacer.acquire("C0OPS", "chat.update");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

    // A wait longer than the pacer will hold a thread for becomes a rate-limit answer instead.
    ChannelPacer busy = new ChannelPacer(Duration.ofSeconds(11));
    busy.acquire("C0OPS", "chat.update");
    assertThatThrownBy(() -> busy.acquire("C0OPS", "chat.update"))
        .isInstanceOfSatisfying(SlackFailure.RateLimited.class,
            limited -> assertThat(limited.retryAfter()).isGreaterThan(Duration.ofSeconds(10)));
  }
}
