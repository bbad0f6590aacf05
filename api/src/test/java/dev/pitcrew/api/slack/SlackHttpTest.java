package dev.pitcrew.api.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.pitcrew.api.slack.SlackOnWireMock.auditOf;
import static dev.pitcrew.api.slack.SlackOnWireMock.awaitReply;
import static dev.pitcrew.api.slack.SlackOnWireMock.replies;
import static dev.pitcrew.api.slack.SlackOnWireMock.responseUrl;
import static dev.pitcrew.api.slack.SlackOnWireMock.webApiCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerWithVendorsTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Slack app over real HTTP in HTTP mode, against the product in local mode. Slack's Web API and the
 * response URLs are a WireMock server, so every call Pitcrew makes to Slack is checked as Slack would receive it.
 */
class SlackHttpTest extends SharedServerWithVendorsTest {
  static final String SECRET = SLACK_SIGNING_SECRET;
  static final String CHANNEL = "C0OPS";
  static final String POSTED_TS = "1700000000.000100";
  static final String OLIVE = "U0OLIVE";
  static final String BOB = "U0BOB";
  static final WireMockServer slack = VENDORS;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired JdbcClient jdbc;
  SlackRequests requests;

  @BeforeEach
  void stubSlack() {
    requests = new SlackRequests(port, SECRET);
    api = new HttpApi(port);
    SlackOnWireMock.knowsUser(slack, OLIVE, "olive");
    SlackOnWireMock.knowsUser(slack, BOB, "bob");
    slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
        .willReturn(okJson("{\"ok\":true,\"channel\":\"" + CHANNEL + "\",\"ts\":\"" + POSTED_TS + "\"}")));
    slack.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
    slack.stubFor(post(urlPathMatching("/respond/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  /** Web API calls of one method that mention the given run. */
  private static List<Map<String, String>> calls(String method, String workflowId) {
    return webApiCalls(slack, method).stream()
        .filter(f -> f.getOrDefault("blocks", "").contains(workflowId) || f.getOrDefault("text", "")
            .contains(workflowId))
        .toList();
  }

  private HttpResponse<String> command(String user, String text, String responseUrl) {
    return requests.postSigned("/slack/commands", SlackRequests.command(user, CHANNEL, text, responseUrl));
  }

  private long auditRows() {
    return jdbc.sql("select count(*) from chatops_audit").query(Long.class).single();
  }

  private String awaitPhase(String workflowId, String phase) {
    return await().atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/api/v1/runs/" + workflowId).body().path("phase").asString(), phase::equals);
  }

  // ---- auto-remediation ----

  @Test
  void remediationIsPausedAndResumedFromSlackOnlyByOperatorsAndTheAlertReportAnswers() {
    String bobUrl = responseUrl(slack);
    command(BOB, "remediation pause all", bobUrl);
    assertThat(awaitReply(slack, bobUrl).get("text").asString())
        .contains("bob@studio.example (roles: viewer) may not run `remediation.steer`");

    String pauseUrl = responseUrl(slack);
    command(OLIVE, "remediation pause all", pauseUrl);
    assertThat(awaitReply(slack, pauseUrl).get("text").asString())
        .isEqualTo(":octagonal_sign: Auto-remediation paused for every runbook by olive@studio.example.");
    assertThat(jdbc.sql("select paused from remediation_switches where runbook = '*'").query(Boolean.class).single())
        .isTrue();
    String statusUrl = responseUrl(slack);
    command(BOB, "remediation status", statusUrl);
    assertThat(awaitReply(slack, statusUrl).get("text").asString()).contains("Auto-remediation is paused for every runbook");
    String resumeUrl = responseUrl(slack);
    command(OLIVE, "remediation resume all", resumeUrl);
    awaitReply(slack, resumeUrl);
    assertThat(jdbc.sql("select paused from remediation_switches where runbook = '*'").query(Boolean.class).single())
        .isFalse();
    String unknownUrl = responseUrl(slack);
    command(OLIVE, "remediation dry-run on no-such-runbook", unknownUrl);
    assertThat(awaitReply(slack, unknownUrl).get("text").asString()).contains("There is no runbook `no-such-runbook`.");

    String reportUrl = responseUrl(slack);
    command(BOB, "alerts report 24h", reportUrl);
    // The shared server's other classes may have sent alerts: either the empty answer or the report's heading.
    assertThat(awaitReply(slack, reportUrl).get("text").asString())
        .matches("(?s)No alerts in the last 24h\\.|\\*Alert quality, last 24h\\*: false positives \\d+% \\(goal < 5%\\).*"
            + "auto-resolved \\d+% of the alerts that needed a fix \\(goal 80%\\).*_Noisiest first:_.*");
  }

  // ---- request verification ----

  @Test
  void aCorrectlySignedCommandIsAnsweredAndItsReplyGoesToTheResponseUrl() {
    String url = responseUrl(slack);
    HttpResponse<String> answer = command(OLIVE, "help", url);

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode reply = awaitReply(slack, url);
    assertThat(reply.get("response_type").asString()).isEqualTo("ephemeral");
    assertThat(reply.get("text").asString())
        .contains("*Pitcrew commands*", "`/pitcrew status <run-id>`", "`/pitcrew runs [type] [status]`",
            "`/pitcrew selfcheck [label]`");
    await().until(() -> auditOf(jdbc, url).get("result"), "ok"::equals);
    assertThat(auditOf(jdbc, url)).containsEntry("identity", "olive@studio.example").containsEntry("channel_id", CHANNEL);
  }

  @Test
  void aWrongSignatureIsRefusedAndNothingRuns() {
    String url = responseUrl(slack);
    String body = SlackRequests.command(OLIVE, CHANNEL, "selfcheck forged", url);
    long ts = Instant.now().getEpochSecond();
    long before = auditRows();

    HttpResponse<String> answer =
        requests.post("/slack/commands", body, Long.toString(ts), SlackRequests.sign("not-the-secret", ts, body));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("does not match").doesNotContain(SECRET);
    // A body signed for another body does not pass either.
    String other = SlackRequests.command(OLIVE, CHANNEL, "selfcheck other", url);
    assertThat(requests.post("/slack/commands", body, Long.toString(ts), SlackRequests.sign(SECRET, ts, other))
        .statusCode()).isEqualTo(401);
    assertThat(auditRows()).isEqualTo(before);
    assertThat(replies(slack, url)).isEmpty();
  }

  @Test
  void staleAndFutureTimestampsAreRefusedEvenWhenCorrectlySigned() {
    String url = responseUrl(slack);
    String body = SlackRequests.command(OLIVE, CHANNEL, "help", url);
    long now = Instant.now().getEpochSecond();
    long before = auditRows();

    // A minute beyond the 5-minute window either way: the server's clock moves on while a loaded machine sends them.
    HttpResponse<String> stale =
        requests.post("/slack/commands", body, Long.toString(now - 360), SlackRequests.sign(SECRET, now - 360, body));
    HttpResponse<String> future =
        requests.post("/slack/commands", body, Long.toString(now + 360), SlackRequests.sign(SECRET, now + 360, body));

    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(stale.body()).contains("old, more than 300s");
    assertThat(future.statusCode()).isEqualTo(401);
    assertThat(future.body()).contains("in the future");
    assertThat(auditRows()).isEqualTo(before);
  }

  @Test
  void aReplayedRequestIsRefused() {
    String url = responseUrl(slack);
    String body = SlackRequests.command(OLIVE, CHANNEL, "help", url);
    long ts = Instant.now().getEpochSecond();
    String signature = SlackRequests.sign(SECRET, ts, body);

    assertThat(requests.post("/slack/commands", body, Long.toString(ts), signature).statusCode()).isEqualTo(200);
    HttpResponse<String> replay = requests.post("/slack/commands", body, Long.toString(ts), signature);

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.body()).contains("already received");
    awaitReply(slack, url);
    assertThat(jdbc.sql("select count(*) from chatops_audit where request ->> 'responseUrl' = ?").param(url)
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void missingHeadersAreRefused() {
    String body = SlackRequests.command(OLIVE, CHANNEL, "help", responseUrl(slack));
    long ts = Instant.now().getEpochSecond();

    assertThat(requests.post("/slack/commands", body, null, null).statusCode()).isEqualTo(401);
    assertThat(requests.post("/slack/commands", body, Long.toString(ts), null).statusCode()).isEqualTo(401);
    HttpResponse<String> noTimestamp = requests.post("/slack/commands", body, null, SlackRequests.sign(SECRET, ts, body));
    assertThat(noTimestamp.statusCode()).isEqualTo(401);
    assertThat(noTimestamp.body()).contains("X-Slack-Request-Timestamp and X-Slack-Signature headers are required");
  }

  @Test
  void anOversizedBodyIsRefusedBeforeItIsRead() {
    String body = SlackRequests.command(OLIVE, CHANNEL, "x".repeat(300_000), responseUrl(slack));
    HttpResponse<String> answer = requests.postSigned("/slack/commands", body);

    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(answer.body()).contains("at most 262144 bytes");
  }

  @Test
  void slacksUrlVerificationOnTheEventsEndpointIsAnswered() {
    String body = "{\"token\":\"t\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
        + "\"type\":\"url_verification\"}";
    long ts = Instant.now().getEpochSecond();
    HttpResponse<String> answer =
        requests.post("/slack/events", body, Long.toString(ts), SlackRequests.sign(SECRET, ts, body));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  }

  // ---- commands ----

  @Test
  void selfcheckStartsARunThatKeepsItsMessageCurrentAndAConfirmClickFinishesIt() {
    String url = responseUrl(slack);
    assertThat(command(OLIVE, "selfcheck demo", url).statusCode()).isEqualTo(200);

    JsonNode reply = awaitReply(slack, url);
    String text = reply.get("text").asString();
    assertThat(text).startsWith("Started self-check run `selfcheck-demo-");
    String workflowId = text.substring(text.indexOf('`') + 1, text.indexOf('`', text.indexOf('`') + 1));
    assertThat(text).contains("<https://pitcrew.example/api/v1/runs/" + workflowId + "|Pitcrew>");
    assertThat(reply.get("response_type").asString()).isEqualTo("ephemeral");

    // The run posts one message in the channel, then updates it in place; the Confirm button appears while it waits.
    awaitPhase(workflowId, "AwaitingConfirmation");
    Map<String, String> posted = await().until(() -> calls("chat.postMessage", workflowId), c -> !c.isEmpty())
        .getFirst();
    assertThat(posted).containsEntry("channel", CHANNEL).doesNotContainKey("thread_ts");
    assertThat(posted.get("text")).startsWith("Self-check \u201cdemo\u201d: RUNNING");
    Map<String, String> waiting = await().until(() -> calls("chat.update", workflowId),
        c -> c.stream().anyMatch(u -> u.get("blocks").contains("pitcrew.selfcheck.confirm"))).stream()
        .filter(u -> u.get("blocks").contains("pitcrew.selfcheck.confirm")).findFirst().orElseThrow();
    assertThat(waiting).containsEntry("channel", CHANNEL).containsEntry("ts", POSTED_TS);
    JsonNode button = JSON.readTree(waiting.get("blocks")).valueStream()
        .filter(b -> b.get("type").asString().equals("actions")).findFirst().orElseThrow().get("elements").get(0);
    assertThat(button.get("action_id").asString()).isEqualTo("pitcrew.selfcheck.confirm");
    assertThat(button.get("value").asString()).isEqualTo(workflowId);
    assertThat(waiting.get("blocks")).contains("asked by <@" + OLIVE + ">");
    await().until(() -> auditOf(jdbc, url).get("result"), "ok"::equals);
    assertThat(auditOf(jdbc, url)).containsEntry("target", workflowId).containsEntry("action", "selfcheck demo");

    // Bob (a viewer) may not confirm: refused, audited, and the run keeps waiting.
    String bobUrl = responseUrl(slack);
    assertThat(requests.postSigned("/slack/interactivity", SlackRequests.click(
        BOB, CHANNEL, POSTED_TS, "pitcrew.selfcheck.confirm", workflowId, bobUrl)).statusCode()).isEqualTo(200);
    assertThat(awaitReply(slack, bobUrl).get("text").asString())
        .contains("bob@studio.example (roles: viewer) may not run `selfcheck.confirm`")
        .contains("Ask a Pitcrew admin to add you to operator or admin");
    await().until(() -> auditOf(jdbc, bobUrl).get("result"), "denied"::equals);
    assertThat(auditOf(jdbc, bobUrl)).containsEntry("identity", "bob@studio.example").containsEntry("kind", "action")
        .containsEntry("target", workflowId);
    assertThat(api.get("/api/v1/runs/" + workflowId).body().get("status").asString()).isEqualTo("RUNNING");

    // Alice's click signals the run as her.
    String oliveUrl = responseUrl(slack);
    assertThat(requests.postSigned("/slack/interactivity", SlackRequests.click(
        OLIVE, CHANNEL, POSTED_TS, "pitcrew.selfcheck.confirm", workflowId, oliveUrl)).statusCode()).isEqualTo(200);
    JsonNode run = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/runs/" + workflowId).body(),
        r -> "COMPLETED".equals(r.get("status").asString()));
    assertThat(run.get("result").get("confirmation").get("by").asString()).isEqualTo("olive@studio.example");
    assertThat(awaitReply(slack, oliveUrl).get("text").asString()).startsWith("Confirmed self-check `" + workflowId + "`");

    // Details go to the message's thread; the message ends showing the outcome, without the button.
    await().until(() -> threadReplies().stream().anyMatch(t -> t.get("text").startsWith("Completed: Worker ")));
    assertThat(threadReplies()).anyMatch(t -> t.get("text").equals(
        "Confirmed by olive@studio.example: Confirmed in Slack by <@" + OLIVE + ">"));
    Map<String, String> last = await().until(() -> calls("chat.update", workflowId),
        c -> c.getLast().get("text").contains("COMPLETED")).getLast();
    assertThat(last.get("blocks")).doesNotContain("pitcrew.selfcheck.confirm").contains("Confirmed by olive");
  }

  private static List<Map<String, String>> threadReplies() {
    return webApiCalls(slack, "chat.postMessage").stream()
        .filter(f -> POSTED_TS.equals(f.get("thread_ts")) && CHANNEL.equals(f.get("channel")))
        .toList();
  }

  @Test
  void aUserWithoutPermissionCannotStartASelfCheck() {
    String url = responseUrl(slack);
    command(BOB, "selfcheck sneaky", url);

    assertThat(awaitReply(slack, url).get("text").asString())
        .isEqualTo(":no_entry: bob@studio.example (roles: viewer) may not run `selfcheck`. "
            + "Ask a Pitcrew admin to add you to operator or admin.");
    await().until(() -> auditOf(jdbc, url).get("result"), "denied"::equals);
    assertThat(api.get("/api/v1/runs?type=self-check").text()).doesNotContain("selfcheck-sneaky");

    // The unified audit log has the denial under the Pitcrew identity, and Slack's signed request itself.
    String denied = "/api/v1/audit?channel=slack&principal=bob%40studio.example&action=command+selfcheck+sneaky";
    await().until(() -> api.get(denied).body().get("items").size(), n -> n == 1);
    JsonNode row = api.get(denied).body().get("items").get(0);
    assertThat(row.get("outcome").asString()).isEqualTo("DENIED");
    assertThat(row.get("reason").asString()).contains("may not run `selfcheck`");
    assertThat(api.get("/api/v1/audit?channel=slack&principal=slack%3A" + BOB + "&action=POST+/slack/commands")
        .body().get("items").get(0).get("outcome").asString()).isEqualTo("ACCEPTED");
  }

  @Test
  void statusReportsARunAndNamesUnknownRunsAndBadUsagePlainly() {
    JsonNode started = api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"status probe\","
        + "\"holdSeconds\":3600}}").body();
    String id = started.get("workflowId").asString();
    awaitPhase(id, "Holding");

    String url = responseUrl(slack);
    command(BOB, "status " + id, url);
    String text = awaitReply(slack, url).get("text").asString();
    assertThat(text).contains("*self-check* run `" + id + "`: *RUNNING*, phase *Holding*")
        .contains("<https://pitcrew.example/api/v1/runs/" + id + "|Pitcrew>");
    await().until(() -> auditOf(jdbc, url).get("result"), "ok"::equals);

    String unknown = responseUrl(slack);
    command(BOB, "status selfcheck-nope", unknown);
    assertThat(awaitReply(slack, unknown).get("text").asString())
        .isEqualTo("No run with ID 'selfcheck-nope'. `/pitcrew runs` lists recent runs.");
    await().until(() -> auditOf(jdbc, unknown).get("result"), "not_found"::equals);

    String usage = responseUrl(slack);
    command(BOB, "status", usage);
    assertThat(awaitReply(slack, usage).get("text").asString())
        .isEqualTo("`status` takes exactly one run ID.\nUsage: `/pitcrew status <run-id>` — status, phase and links "
            + "of one run\nExamples:\n• `/pitcrew status selfcheck-demo-20261125-100000-ab12`");
    api.post("/api/v1/runs/" + id + "/cancel", null);
  }

  @Test
  void runsListsTheNewestRunsOfATypeAndStatus() {
    String id = api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"listed\"}}").body()
        .get("workflowId").asString();
    await().atMost(Duration.ofSeconds(30)).until(
        () -> api.get("/api/v1/runs/" + id).body().get("status").asString(), "COMPLETED"::equals);

    String url = responseUrl(slack);
    command(BOB, "runs self-check completed", url);
    String text = awaitReply(slack, url).get("text").asString();
    assertThat(text).startsWith("*Newest self-check completed runs*")
        .contains("<https://pitcrew.example/api/v1/runs/" + id + "|" + id + "> completed · Completed");

    String bad = responseUrl(slack);
    command(BOB, "runs deploys", bad);
    assertThat(awaitReply(slack, bad).get("text").asString()).startsWith("`deploys` is neither a run type nor a status")
        .contains("Usage: `/pitcrew runs [type] [status]`");
  }

  @Test
  void anUnknownSubcommandShowsTheHelp() {
    String url = responseUrl(slack);
    command(OLIVE, "frobnicate now", url);

    assertThat(awaitReply(slack, url).get("text").asString())
        .startsWith("There is no `frobnicate` command.\n*Pitcrew commands*");
    await().until(() -> auditOf(jdbc, url).get("result"), "usage"::equals);
  }

  @Test
  void theAcknowledgementNeverWaitsOnTemporal() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch startCalled = new CountDownLatch(1);
    doAnswer(invocation -> {
      startCalled.countDown();
      release.await();
      return invocation.callRealMethod();
    }).when(launcher).start(eq("self-check"), any(), anyString(), any());

    String url = responseUrl(slack);
    HttpResponse<String> answer = command(OLIVE, "selfcheck held", url);

    // Slack has its answer while the workflow start is still blocked.
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEmpty();
    startCalled.await();
    assertThat(auditOf(jdbc, url).get("result")).isEqualTo("accepted");
    assertThat(replies(slack, url)).isEmpty();

    release.countDown();
    assertThat(awaitReply(slack, url).get("text").asString()).startsWith("Started self-check run `selfcheck-held-");
    await().until(() -> auditOf(jdbc, url).get("result"), "ok"::equals);
  }

  @Test
  void aCommandAcceptedButNotCarriedOutIsResumedWithoutStartingTwice(@Autowired ChatOpsDispatcher dispatcher) {
    String url = responseUrl(slack);
    String request = JSON.writeValueAsString(Map.of("teamId", "T0PITCREW", "userId", OLIVE, "channel", CHANNEL,
        "text", "selfcheck resumed", "responseUrl", url));
    long id = jdbc.sql("insert into chatops_audit (received_at, kind, slack_user_id, channel_id, action, result, "
            + "request) values (now() - interval '2 minutes', 'command', ?, ?, 'selfcheck resumed', 'accepted', "
            + "?::jsonb) returning id")
        .params(OLIVE, CHANNEL, request).query(Long.class).single();

    assertThat(dispatcher.resumeInterrupted()).isEqualTo(1);
    assertThat(dispatcher.resumeInterrupted()).isZero();

    String text = awaitReply(slack, url).get("text").asString();
    assertThat(text).startsWith("Started self-check run `selfcheck-resumed-");
    await().until(() -> auditOf(jdbc, url).get("result"), "ok"::equals);
    assertThat(jdbc.sql("select workflow_id from run_requests where idempotency_key = ?").param("slack-" + id)
        .query(String.class).single()).isEqualTo(auditOf(jdbc, url).get("target"));
  }

  @Test
  void theAuditTrailIsPaged() {
    String url = responseUrl(slack);
    command(OLIVE, "help", url);
    await().until(() -> auditOf(jdbc, url).get("result"), "ok"::equals);
    command(OLIVE, "help", responseUrl(slack));

    JsonNode first = api.get("/api/v1/slack/audit?size=1").body();
    assertThat(first.get("items")).hasSize(1);
    assertThat(first.get("next").asString()).isEqualTo("/api/v1/slack/audit?page=1&size=1");
    JsonNode item = first.get("items").get(0);
    assertThat(item.has("request")).isFalse();
    assertThat(item.get("slackUserId").asString()).isEqualTo(OLIVE);
    assertThat(api.get("/api/v1/slack/audit?size=0").status()).isEqualTo(400);
  }
}
