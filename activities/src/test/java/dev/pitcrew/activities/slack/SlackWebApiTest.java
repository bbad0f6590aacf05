package dev.pitcrew.activities.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pitcrew.activities.failure.RateLimited;
import dev.pitcrew.activities.support.ActivityHarness;
import dev.pitcrew.workflows.incident.ChatActivities;
import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.IncidentCard;
import dev.pitcrew.workflows.incident.IncidentChannel;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.IncidentSummary;
import dev.pitcrew.workflows.incident.Severity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackWebApiTest {
  private static final String CHANNEL_NAME = "inc-20261125-checkout-failing-ab12";
  private static final Duration PACE = Duration.ofMillis(300);

  private final WireMockServer slack = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private final ActivityHarness harness = new ActivityHarness();
  private ChatActivities chat;

  @BeforeEach
  void start() {
    slack.start();
    // The Slack client asks who it is once per token (for its own bookkeeping).
    slack.stubFor(post("/api/auth.test").willReturn(okJson("""
        {"ok": true, "url": "https://studio.slack.com/", "team": "Studio", "user": "pitcrew", "team_id": "T0STUDIO",
         "user_id": "U0PITCREW", "bot_id": "B0PITCREW"}""")));
    SlackProperties properties =
        new SlackProperties(SlackProperties.Mode.OFF, null, "xoxb-test-token", null, slack.baseUrl() + "/api/", 262_144,
            java.time.Duration.ofMinutes(5), PACE, "C0STAKEHOLD");
    com.slack.api.SlackConfig config = new com.slack.api.SlackConfig();
    config.setMethodsEndpointUrlPrefix(properties.apiUrl());
    chat = harness.stub(ChatActivities.class,
        new SlackChatActivities(new SlackWebApi(com.slack.api.Slack.getInstance(config), properties.botToken(),
            properties.channelInterval()), properties));
  }

  @AfterEach
  void stop() {
    harness.close();
    slack.stop();
  }

  @Test
  void createsThePublicIncidentChannel() {
    slack.stubFor(post("/api/conversations.create").willReturn(okJson("""
        {"ok": true, "channel": {"id": "C0INCIDENT1", "name": "%s", "is_channel": true, "is_private": false}}"""
        .formatted(CHANNEL_NAME))));

    IncidentChannel channel = chat.createChannel(CHANNEL_NAME);

    assertThat(channel).isEqualTo(new IncidentChannel("C0INCIDENT1", CHANNEL_NAME));
    slack.verify(postRequestedFor(urlEqualTo("/api/conversations.create"))
        .withHeader("Authorization", equalTo("Bearer xoxb-test-token"))
        .withFormParam("name", equalTo(CHANNEL_NAME))
        .withFormParam("is_private", equalTo("0")));
  }

  @Test
  void aRetriedCreateFindsTheChannelItsFirstAttemptMade() {
    slack.stubFor(post("/api/conversations.create").willReturn(okJson("""
        {"ok": false, "error": "name_taken"}""")));
    slack.stubFor(post("/api/conversations.list").willReturn(okJson("""
        {"ok": true, "channels": [{"id": "C0OTHER", "name": "general"}, {"id": "C0INCIDENT1", "name": "%s"}],
         "response_metadata": {"next_cursor": ""}}""".formatted(CHANNEL_NAME))));

    assertThat(chat.createChannel(CHANNEL_NAME).id()).isEqualTo("C0INCIDENT1");
  }

  @Test
  void invitesTheMembersOfEachUserGroup() {
    slack.stubFor(post("/api/usergroups.users.list").willReturn(okJson("""
        {"ok": true, "users": ["U0ALICE", "U0BOB"]}""")));
    slack.stubFor(post("/api/conversations.invite").willReturn(okJson("""
        {"ok": false, "error": "already_in_channel"}""")));

    chat.inviteResponders("C0INCIDENT1", List.of("S0PRIMARY"));

    slack.verify(postRequestedFor(urlEqualTo("/api/usergroups.users.list")).withFormParam("usergroup", equalTo("S0PRIMARY")));
    slack.verify(postRequestedFor(urlEqualTo("/api/conversations.invite"))
        .withFormParam("channel", equalTo("C0INCIDENT1"))
        .withFormParam("users", equalTo("U0ALICE,U0BOB")));
  }

  @Test
  void postsTheSummaryWithItsButtons() {
    slack.stubFor(post("/api/chat.postMessage").willReturn(okJson("""
        {"ok": true, "channel": "C0INCIDENT1", "ts": "1764104400.000100"}""")));

    chat.postSummary("C0INCIDENT1", new IncidentSummary("incident-checkout-1a2b3c4d5e", "Checkout failing",
        "5xx above 20%", "payments", Severity.SEV2, "alertmanager", null, List.of("S0PRIMARY")));

    slack.verify(postRequestedFor(urlEqualTo("/api/chat.postMessage"))
        .withFormParam("channel", equalTo("C0INCIDENT1"))
        .withFormParam("text", equalTo("[SEV2] Checkout failing on payments"))
        .withFormParam("blocks", equalToJson("""
            [
              {"type": "header", "text": {"type": "plain_text", "text": "[SEV2] Checkout failing on payments"}},
              {"type": "section", "text": {"type": "mrkdwn", "text": "*Service:* payments\\n*Severity:* SEV2\\n*Opened by:* alertmanager\\n*Commander:* first to acknowledge\\n*Paged:* <!subteam^S0PRIMARY>\\n\\n5xx above 20%"}},
              {"type": "actions", "block_id": "incident:incident-checkout-1a2b3c4d5e", "elements": [
                {"type": "button", "action_id": "incident_acknowledge", "text": {"type": "plain_text", "text": "Acknowledge"}, "value": "incident-checkout-1a2b3c4d5e", "style": "primary"},
                {"type": "button", "action_id": "incident_escalate", "text": {"type": "plain_text", "text": "Escalate"}, "value": "incident-checkout-1a2b3c4d5e"},
                {"type": "button", "action_id": "incident_resolve", "text": {"type": "plain_text", "text": "Resolve"}, "value": "incident-checkout-1a2b3c4d5e", "style": "danger"},
                {"type": "static_select", "action_id": "incident_severity", "placeholder": {"type": "plain_text", "text": "Severity"},
                 "initial_option": {"text": {"type": "plain_text", "text": "SEV2"}, "value": "SEV2"},
                 "options": [
                   {"text": {"type": "plain_text", "text": "SEV1"}, "value": "SEV1"},
                   {"text": {"type": "plain_text", "text": "SEV2"}, "value": "SEV2"},
                   {"text": {"type": "plain_text", "text": "SEV3"}, "value": "SEV3"},
                   {"text": {"type": "plain_text", "text": "SEV4"}, "value": "SEV4"}]}
              ]}
            ]""")));
  }

  @Test
  void theCardIsPostedThenUpdatedInPlaceWithoutItsAcknowledgeButton() {
    slack.stubFor(post("/api/chat.postMessage").willReturn(okJson("""
        {"ok": true, "channel": "C0INCIDENT1", "ts": "1764104400.000100"}""")));
    slack.stubFor(post("/api/chat.update").willReturn(okJson("""
        {"ok": true, "channel": "C0INCIDENT1", "ts": "1764104400.000100", "text": "updated"}""")));
    IncidentCard open = card(IncidentState.OPEN, null, null);

    Instant beforeFirstCall = Instant.now();
    String ts = chat.postCard("C0INCIDENT1", open);
    chat.updateCard("C0INCIDENT1", ts, card(IncidentState.ACKNOWLEDGED, "alice@studio.example", null));

    assertThat(ts).isEqualTo("1764104400.000100");
    slack.verify(postRequestedFor(urlEqualTo("/api/chat.update"))
        .withHeader("Authorization", equalTo("Bearer xoxb-test-token"))
        .withFormParam("channel", equalTo("C0INCIDENT1"))
        .withFormParam("ts", equalTo("1764104400.000100"))
        .withFormParam("text", equalTo("[SEV2] Checkout failing on payments"))
        .withFormParam("blocks", equalToJson("""
            [
              {"type": "header", "text": {"type": "plain_text", "text": "[SEV2] Checkout failing on payments"}},
              {"type": "section", "text": {"type": "mrkdwn", "text": "*State:* Acknowledged by alice@studio.example\\n*Service:* payments\\n*Severity:* SEV2\\n*Opened by:* alertmanager\\n*Commander:* alice@studio.example\\n*Escalation:* level 1\\n*Paged:* <!subteam^S0PRIMARY>\\n\\n5xx above 20%"}},
              {"type": "actions", "block_id": "incident:incident-checkout-1a2b3c4d5e", "elements": [
                {"type": "button", "action_id": "incident_escalate", "text": {"type": "plain_text", "text": "Escalate"}, "value": "incident-checkout-1a2b3c4d5e"},
                {"type": "button", "action_id": "incident_resolve", "text": {"type": "plain_text", "text": "Resolve"}, "value": "incident-checkout-1a2b3c4d5e", "style": "danger"},
                {"type": "static_select", "action_id": "incident_severity", "placeholder": {"type": "plain_text", "text": "Severity"},
                 "initial_option": {"text": {"type": "plain_text", "text": "SEV2"}, "value": "SEV2"},
                 "options": [
                   {"text": {"type": "plain_text", "text": "SEV1"}, "value": "SEV1"},
                   {"text": {"type": "plain_text", "text": "SEV2"}, "value": "SEV2"},
                   {"text": {"type": "plain_text", "text": "SEV3"}, "value": "SEV3"},
                   {"text": {"type": "plain_text", "text": "SEV4"}, "value": "SEV4"}]}
              ]}
            ]""")));
    List<LoggedRequest> sent = slack.findAll(postRequestedFor(urlMatching("/api/chat\\.(postMessage|update)")));
    assertThat(sent).hasSize(2);
    // The pacer spaces the calls' starts; the first request may reach Slack late (a new connection), so measure the
    // update's arrival from before the first call, not from the first call's arrival.
    assertThat(Duration.between(beforeFirstCall, sent.get(1).getLoggedDate().toInstant()))
        .as("the update waited for the channel's next slot").isGreaterThanOrEqualTo(PACE.minusMillis(5));
  }

  @Test
  void aRateLimitedUpdateIsRetriedAfterSlacksRetryAfter() {
    slack.stubFor(post("/api/chat.update").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));

    ApplicationFailure failure = ActivityHarness.failureOf(
        () -> chat.updateCard("C0INCIDENT1", "1764104400.000100", card(IncidentState.RESOLVED, null, "carol")));

    assertThat(failure.getType()).isEqualTo(RateLimited.TYPE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aCardWhoseMessageIsGoneIsNotRetried() {
    slack.stubFor(post("/api/chat.update").willReturn(okJson("{\"ok\": false, \"error\": \"message_not_found\"}")));

    ApplicationFailure failure = ActivityHarness.failureOf(
        () -> chat.updateCard("C0INCIDENT1", "1764104400.000100", card(IncidentState.OPEN, null, null)));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("chat.update", "message_not_found");
  }

  private static IncidentCard card(IncidentState state, String acknowledgedBy, String resolvedBy) {
    return new IncidentCard("incident-checkout-1a2b3c4d5e", "Checkout failing", "5xx above 20%", "payments",
        Severity.SEV2, state, "alertmanager", acknowledgedBy, acknowledgedBy, resolvedBy, EscalationStep.FIRST,
        List.of("S0PRIMARY"), acknowledgedBy == null ? null : 120_000L, resolvedBy == null ? null : 3_600_000L);
  }

  @Test
  void stakeholderUpdatesGoToTheConfiguredChannel() {
    slack.stubFor(post("/api/chat.postMessage").willReturn(okJson("{\"ok\": true}")));

    chat.postToStakeholders("Mitigated in EU");

    slack.verify(postRequestedFor(urlEqualTo("/api/chat.postMessage"))
        .withFormParam("channel", equalTo("C0STAKEHOLD"))
        .withFormParam("text", equalTo("Mitigated in EU")));
  }

  @Test
  void rateLimitIsRetriedAfterSlacksRetryAfter() {
    slack.stubFor(post("/api/chat.postMessage").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

    ApplicationFailure failure = ActivityHarness.failureOf(() -> chat.post("C0INCIDENT1", "Escalated to level 2"));

    assertThat(failure.getType()).isEqualTo(RateLimited.TYPE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void archivingTwiceIsFineButABadTokenIsFinal() {
    slack.stubFor(post("/api/conversations.archive").willReturn(okJson("{\"ok\": false, \"error\": \"already_archived\"}")));
    chat.archiveChannel("C0INCIDENT1");
    slack.verify(postRequestedFor(urlEqualTo("/api/conversations.archive")).withFormParam("channel", equalTo("C0INCIDENT1")));

    slack.stubFor(post("/api/chat.postMessage").willReturn(okJson("{\"ok\": false, \"error\": \"invalid_auth\"}")));
    ApplicationFailure failure = ActivityHarness.failureOf(() -> chat.post("C0INCIDENT1", "hello"));
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("invalid_auth").doesNotContain("xoxb");
  }
}
