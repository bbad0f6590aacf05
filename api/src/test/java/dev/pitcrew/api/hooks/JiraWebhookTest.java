package dev.pitcrew.api.hooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerWithVendorsTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * JIRA Cloud webhooks over real HTTP against the product in local mode, with JIRA's REST API on WireMock: what a
 * delivery starts or changes in the ticket's SLA run, and that refused deliveries change nothing.
 */
class JiraWebhookTest extends SharedServerWithVendorsTest {
  private static final String SECRET = JIRA_WEBHOOK_SECRET;
  private static final String HOOK = "/api/v1/hooks/jira";

  static final WireMockServer jira = VENDORS;

  @Autowired JdbcClient jdbc;

  @BeforeEach
  void supportQueueWithOneAgent() {
    api = new HttpApi(port);
    jira.stubFor(put(urlMatching("/rest/api/3/issue/[A-Z]+-[0-9]+/assignee")).willReturn(aResponse().withStatus(204)));
    Response queue = api.put("/api/v1/sla/queues/support", """
        {"policy": "standard", "slackChannel": "#support",
         "agents": [{"name": "alice", "email": "alice@studio.example", "jiraAccountId": "557058:alice"}]}""");
    assertThat(queue.status()).as(queue.text()).isEqualTo(200);
  }

  private Response deliver(String body, String deliveryId) {
    return api.post(HOOK, body, "X-Pitcrew-Webhook-Secret", SECRET, "X-Atlassian-Webhook-Identifier", deliveryId);
  }

  /** The ticket once its run has routed it and started the clocks. */
  private JsonNode ticketOnceListed(String key) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/tickets/" + key),
        r -> r.status() == 200 && !r.body().get("sla").path("goals").isEmpty()).body();
  }

  private void assertNothingStartedFor(String key) {
    assertThat(api.get("/api/v1/tickets/" + key).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/runs/ticket-sla-" + key).status()).isEqualTo(404);
  }

  private static JsonNode goal(JsonNode ticket, String goal) {
    return StreamSupport.stream(ticket.get("sla").get("goals").spliterator(), false)
        .filter(g -> g.get("goal").asString().equals(goal)).findFirst().orElseThrow();
  }

  /** Typed {@code event} signals of one type ({@code STATUS}, {@code PRIORITY}, ...) in the run's history. */
  private long signalsReceived(String key, String eventType) {
    JsonNode timeline = api.get("/api/v1/runs/ticket-sla-" + key + "/timeline").body();
    return StreamSupport.stream(timeline.get("events").spliterator(), false)
        .filter(e -> e.get("title").asString().equals("Signal 'event' received")
            && e.path("detail").path("type").asString().equals(eventType)).count();
  }

  private static String hmac(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anIssueCreatedStartsTheTicketsRunAndTheChosenAgentIsWrittenBackToJira() {
    Response answer = deliver(JiraPayloads.issueCreated("SUP-101", "High", "Open"), "created-101");

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.body().get("duplicate").asBoolean()).isFalse();
    assertThat(answer.body().get("workflowId").asString()).isEqualTo("ticket-sla-SUP-101");
    JsonNode ticket = ticketOnceListed("SUP-101");
    assertThat(ticket.get("source").asString()).isEqualTo("jira");
    assertThat(ticket.get("requesterEmail").asString()).isEqualTo("player@example.com");
    assertThat(ticket.get("queue").asString()).isEqualTo("support");
    assertThat(ticket.get("assignee").asString()).isEqualTo("alice");
    assertThat(ticket.get("sla").get("policy").asString()).isEqualTo("standard");
    assertThat(goal(ticket, "FIRST_RESPONSE").get("goalMillis").asLong()).isEqualTo(Duration.ofHours(1).toMillis());
    JsonNode listed = api.get("/api/v1/tickets?queue=support").body().get("tickets");
    assertThat(listed.findValuesAsString("ticketKey")).contains("SUP-101");
    assertThat(api.get("/api/v1/runs/ticket-sla-SUP-101").body().get("status").asString()).isEqualTo("RUNNING");

    await().untilAsserted(() -> jira.verify(1, putRequestedFor(urlEqualTo("/rest/api/3/issue/SUP-101/assignee"))
        .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString(
            "pitcrew-bot@studio.example:jira-api-token-x".getBytes(StandardCharsets.UTF_8))))
        .withRequestBody(equalToJson("{\"accountId\":\"557058:alice\"}"))));
  }

  @Test
  void aWrongOrMissingSecretIsRefusedAndStartsNothing() {
    String body = JiraPayloads.issueCreated("SUP-102", "High", "Open");

    Response wrong = api.post(HOOK, body, "X-Pitcrew-Webhook-Secret", "guess");
    Response wrongInQuery = api.post(HOOK + "?secret=guess", body);
    Response missing = api.post(HOOK, body);

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body().get("detail").asString()).contains("does not match").doesNotContain(SECRET);
    assertThat(wrongInQuery.status()).isEqualTo(401);
    assertThat(missing.status()).isEqualTo(401);
    assertNothingStartedFor("SUP-102");
  }

  @Test
  void theSecretMayComeAsAQueryParameter() {
    Response answer = api.post(HOOK + "?secret=" + SECRET, JiraPayloads.issueCreated("SUP-103", "Medium", "Open"));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(ticketOnceListed("SUP-103").get("priority").asString()).isEqualTo("Medium");
    // Audited under JIRA's service principal, by the handler's pattern: the secret in the query is not recorded.
    await().until(() -> api.get("/api/v1/audit?principal=webhook%3Ajira&outcome=ACCEPTED").body()
        .get("items").size(), n -> n > 0);
    assertThat(api.get("/api/v1/audit/export?principal=webhook%3Ajira").text())
        .contains("POST /api/v1/hooks/jira").doesNotContain(SECRET);
  }

  @Test
  void aDeliverySignedWithTheSecretIsAcceptedAndAWrongSignatureRefused() throws Exception {
    String body = JiraPayloads.issueCreated("SUP-104", "High", "Open");

    Response forged = api.post(HOOK, body, "X-Hub-Signature", hmac("another-secret", body));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.body().get("detail").asString()).contains("X-Hub-Signature does not match");
    Response tampered = api.post(HOOK, body.replace("High", "Low"), "X-Hub-Signature", hmac(SECRET, body));
    assertThat(tampered.status()).isEqualTo(401);
    assertNothingStartedFor("SUP-104");

    Response signed = api.post(HOOK, body, "X-Hub-Signature", hmac(SECRET, body));
    assertThat(signed.status()).as(signed.text()).isEqualTo(200);
    assertThat(ticketOnceListed("SUP-104").get("sla").get("status").asString()).isEqualTo("Open");
  }

  @Test
  void aMalformedDeliveryIsA400NamingTheFieldAndStartsNothing() {
    Response notJson = deliver("{\"webhookEvent\": \"jira:issue_created\", \"issue\": {", "bad-1");
    Response noKey = deliver(JiraPayloads.issueCreated("SUP-105", "High", "Open").replace("\"key\": \"SUP-105\",", ""),
        "bad-2");
    Response badKey = deliver(JiraPayloads.issueCreated("not a key", "High", "Open"), "bad-3");
    Response noEvent = deliver(JiraPayloads.issueCreated("SUP-105", "High", "Open")
        .replace("\"webhookEvent\": \"jira:issue_created\",", ""), "bad-4");

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().get("errors").get(0).get("field").asString()).isEqualTo("body");
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.body().get("errors").get(0).get("field").asString()).isEqualTo("issue.key");
    assertThat(badKey.status()).isEqualTo(400);
    assertThat(badKey.body().get("errors").get(0).get("field").asString()).isEqualTo("issue.key");
    assertThat(noEvent.status()).isEqualTo(400);
    assertThat(noEvent.body().get("errors").get(0).get("field").asString()).isEqualTo("webhookEvent");
    assertNothingStartedFor("SUP-105");
    assertThat(jdbc.sql("select count(*) from jira_webhook_deliveries where identifier like 'bad-%'")
        .query(Integer.class).single()).as("a refused delivery is not remembered").isZero();

    Response fixed = deliver(JiraPayloads.issueCreated("SUP-105", "High", "Open"), "bad-2");
    assertThat(fixed.status()).as("JIRA's retry of a fixed delivery is acted on").isEqualTo(200);
  }

  @Test
  void aRepeatedDeliveryIsAnsweredAsADuplicateAndChangesNothing() {
    deliver(JiraPayloads.issueCreated("SUP-106", "High", "Open"), "created-106");
    ticketOnceListed("SUP-106");
    String raise = JiraPayloads.issueUpdated("SUP-106", "priority", "High", "Highest");

    Response first = deliver(raise, "updated-106-1");
    Response again = deliver(raise, "updated-106-1");

    assertThat(first.body().get("duplicate").asBoolean()).isFalse();
    assertThat(first.body().get("signals").get(0).asString()).isEqualTo("priority");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("duplicate").asBoolean()).isTrue();
    await().until(() -> signalsReceived("SUP-106", "PRIORITY") == 1);
    assertThat(signalsReceived("SUP-106", "STATUS")).as("the start signal only").isEqualTo(1);
  }

  @Test
  void statusAndPriorityChangesShowInTheTicket() {
    deliver(JiraPayloads.issueCreated("SUP-107", "High", "Open"), "created-107");
    ticketOnceListed("SUP-107");

    assertThat(deliver(JiraPayloads.issueUpdated("SUP-107", "status", "Open", "Waiting for customer"),
        "updated-107-1").status()).isEqualTo(200);
    JsonNode paused = await().until(() -> api.get("/api/v1/tickets/SUP-107").body(),
        t -> t.get("sla").get("slaState").asString().equals("PAUSED"));
    assertThat(paused.get("sla").get("status").asString()).isEqualTo("Waiting for customer");
    assertThat(goal(paused, "FIRST_RESPONSE").get("state").asString()).isEqualTo("PAUSED");
    assertThat(goal(paused, "FIRST_RESPONSE").has("dueAt")).as("no deadline while paused").isFalse();

    deliver(JiraPayloads.issueUpdated("SUP-107", "priority", "High", "Highest"), "updated-107-2");
    JsonNode raised = await().until(() -> api.get("/api/v1/tickets/SUP-107").body(),
        t -> t.get("priority").asString().equals("Highest"));
    assertThat(raised.get("sla").get("priority").asString()).isEqualTo("Highest");
    assertThat(goal(raised, "FIRST_RESPONSE").get("goalMillis").asLong())
        .isEqualTo(Duration.ofMinutes(15).toMillis());

    deliver(JiraPayloads.issueUpdated("SUP-107", "status", "Waiting for customer", "In Progress"), "updated-107-3");
    await().until(() -> api.get("/api/v1/tickets/SUP-107").body(),
        t -> t.get("sla").get("slaState").asString().equals("RUNNING"));
  }

  @Test
  void anAgentsCommentIsTheFirstResponseAndTheReportersIsNot() {
    deliver(JiraPayloads.issueCreated("SUP-108", "High", "Open"), "created-108");
    ticketOnceListed("SUP-108");

    Response byReporter = deliver(JiraPayloads.commentCreated("SUP-108", "557058:player", "Player One")
        .replace("\"author\": {", "\"author\": {\"emailAddress\": \"player@example.com\", "), "comment-108-1");
    assertThat(byReporter.body().get("ignored").asString()).contains("reporter");
    assertThat(goal(api.get("/api/v1/tickets/SUP-108").body(), "FIRST_RESPONSE").get("state").asString())
        .isEqualTo("RUNNING");

    Response byAgent = deliver(JiraPayloads.commentCreated("SUP-108", "557058:alice", "Alice"), "comment-108-2");
    assertThat(byAgent.body().get("signals").get(0).asString()).isEqualTo("first-response");
    JsonNode answered = await().until(() -> api.get("/api/v1/tickets/SUP-108").body(),
        t -> goal(t, "FIRST_RESPONSE").get("state").asString().equals("MET"));
    assertThat(goal(answered, "RESOLUTION").get("state").asString()).isEqualTo("RUNNING");

    Response unknown = deliver(JiraPayloads.commentCreated("SUP-999", "557058:alice", "Alice"), "comment-999");
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(unknown.body().get("ignored").asString()).contains("No ticket");
    assertNothingStartedFor("SUP-999");
  }

  @Test
  void theRequesterIsKnownByAccountIdSoTheirCommentIsNotAFirstResponse() {
    deliver(JiraPayloads.issueCreatedByAccount("SUP-120", "712020:player-two", 1795000000000L), "created-120");
    JsonNode ticket = ticketOnceListed("SUP-120");
    assertThat(ticket.get("requesterAccountId").asString()).isEqualTo("712020:player-two");

    // Comment payloads carry neither the reporter nor, usually, the author's email.
    Response byRequester = deliver(JiraPayloads.commentCreated("SUP-120", "712020:player-two", "Player Two"),
        "comment-120-1");
    assertThat(byRequester.status()).as(byRequester.text()).isEqualTo(200);
    assertThat(byRequester.body().get("ignored").asString()).contains("reporter");
    assertThat(byRequester.body().get("signals")).isEmpty();
    assertThat(goal(api.get("/api/v1/tickets/SUP-120").body(), "FIRST_RESPONSE").get("state").asString())
        .isEqualTo("RUNNING");

    Response byAgent = deliver(JiraPayloads.commentCreated("SUP-120", "557058:alice", "Alice"), "comment-120-2");
    assertThat(byAgent.body().get("signals").get(0).asString()).isEqualTo("first-response");
  }

  @Test
  void anInternalCommentIsNeverAFirstResponse() {
    deliver(JiraPayloads.issueCreatedByAccount("SUP-121", "712020:player-three", 1795000000000L), "created-121");
    ticketOnceListed("SUP-121");

    Response internal = deliver(JiraPayloads.serviceDeskComment("SUP-121", "557058:alice", "Alice", false),
        "comment-121-1");
    assertThat(internal.status()).as(internal.text()).isEqualTo(200);
    assertThat(internal.body().get("ignored").asString()).contains("internal");
    assertThat(signalsReceived("SUP-121", "FIRST_RESPONSE")).isZero();
    assertThat(goal(api.get("/api/v1/tickets/SUP-121").body(), "FIRST_RESPONSE").get("state").asString())
        .isEqualTo("RUNNING");

    Response shared = deliver(JiraPayloads.serviceDeskComment("SUP-121", "557058:alice", "Alice", true),
        "comment-121-2");
    assertThat(shared.body().get("signals").get(0).asString()).isEqualTo("first-response");
    await().until(() -> api.get("/api/v1/tickets/SUP-121").body(),
        t -> goal(t, "FIRST_RESPONSE").get("state").asString().equals("MET"));
  }

  @Test
  void anOlderDeliveryNeverOverridesNewerStateSoARedeliveredCreationCannotUnpause() {
    long created = 1795000000000L;
    String creation = JiraPayloads.issueCreatedByAccount("SUP-122", "712020:player-four", created);
    deliver(creation, "created-122");
    ticketOnceListed("SUP-122");
    deliver(JiraPayloads.statusChanged("SUP-122", created + 60_000, 10610, "Open", "Waiting for customer"),
        "updated-122-1");
    await().until(() -> api.get("/api/v1/tickets/SUP-122").body(),
        t -> t.get("sla").get("slaState").asString().equals("PAUSED"));

    // The same creation again under a new delivery identifier (a replay, or JIRA's redelivery from its log).
    Response redelivered = deliver(creation, "created-122-again");
    // An update JIRA made before the one applied, arriving late.
    Response late = deliver(JiraPayloads.statusChanged("SUP-122", created + 30_000, 10605, "Open", "In Progress"),
        "updated-122-0");

    for (Response stale : java.util.List.of(redelivered, late)) {
      assertThat(stale.status()).as(stale.text()).isEqualTo(200);
      assertThat(stale.body().get("duplicate").asBoolean()).isFalse();
      assertThat(stale.body().get("ignored").asString()).isEqualTo("stale");
      assertThat(stale.body().get("detail").asString()).contains("cannot override newer state");
      assertThat(stale.body().get("signals")).isEmpty();
    }
    assertThat(signalsReceived("SUP-122", "STATUS")).as("the creation and the pause only").isEqualTo(2);
    JsonNode ticket = api.get("/api/v1/tickets/SUP-122").body();
    assertThat(ticket.get("sla").get("slaState").asString()).isEqualTo("PAUSED");
    assertThat(ticket.get("status").asString()).isEqualTo("Waiting for customer");

    // A newer change is applied as usual.
    deliver(JiraPayloads.statusChanged("SUP-122", created + 90_000, 10620, "Waiting for customer", "In Progress"),
        "updated-122-2");
    await().until(() -> api.get("/api/v1/tickets/SUP-122").body(),
        t -> t.get("sla").get("slaState").asString().equals("RUNNING"));
  }

  @Test
  void aResolvedTicketReadsAsResolved() {
    deliver(JiraPayloads.issueCreatedByAccount("SUP-123", "712020:player-five", 1795000000000L), "created-123");
    ticketOnceListed("SUP-123");

    Response resolve = api.post("/api/v1/tickets/SUP-123/events", "{\"type\": \"resolve\"}");
    assertThat(resolve.status()).as(resolve.text()).isBetween(200, 299);

    JsonNode resolved = await().until(() -> api.get("/api/v1/tickets/SUP-123").body(),
        t -> t.get("resolved").asBoolean());
    assertThat(resolved.get("status").asString()).isEqualTo("Resolved");
    assertThat(resolved.get("sla").get("resolved").asBoolean()).isTrue();
    assertThat(api.get("/api/v1/tickets?status=Resolved").body().get("tickets").findValuesAsString("ticketKey"))
        .contains("SUP-123");

    // Resolved through a status the policy counts as resolved, the status is kept as JIRA names it.
    deliver(JiraPayloads.issueCreatedByAccount("SUP-124", "712020:player-five", 1795000000000L), "created-124");
    ticketOnceListed("SUP-124");
    deliver(JiraPayloads.statusChanged("SUP-124", 1795000100000L, 10700, "Open", "Done"), "updated-124-1");
    JsonNode done = await().until(() -> api.get("/api/v1/tickets/SUP-124").body(),
        t -> t.get("resolved").asBoolean());
    assertThat(done.get("status").asString()).isEqualTo("Done");
  }

  @Test
  void everySlaResourceThatCanBePutCanBeReadBack() {
    JsonNode queue = api.get("/api/v1/sla/queues/support").body();
    assertThat(queue.get("name").asString()).isEqualTo("support");
    assertThat(queue.get("queue").get("policy").asString()).isEqualTo("standard");
    assertThat(queue.get("queue").get("slackChannel").asString()).isEqualTo("#support");
    assertThat(queue.get("queue").get("agents").get(0).get("jiraAccountId").asString()).isEqualTo("557058:alice");
    assertThat(api.get("/api/v1/sla/queues/nope").status()).isEqualTo(404);

    JsonNode queues = api.get("/api/v1/sla/queues").body().get("queues");
    assertThat(queues.findValuesAsString("name")).contains("support");
    JsonNode policies = api.get("/api/v1/sla/policies").body().get("policies");
    assertThat(policies.findValuesAsString("name")).contains("standard");
    assertThat(policies.get(0).get("policy").get("resolvedStatuses").isArray()).isTrue();
  }
}
