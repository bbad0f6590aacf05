package dev.pitcrew.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.Callers;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The incident API over real HTTP against the product in local mode: no PagerDuty, Slack or JIRA credentials, so
 * every integration writes what it would have sent to the outbox, which the test reads back through
 * {@code GET /api/v1/outbox}. Timed escalation is covered by the workflow's time-skipping tests; here escalation is
 * manual, so nothing waits on a one-minute timer.
 */
class IncidentApiTest extends SharedServerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired ApiTokens tokens;
  HttpApi alice;
  HttpApi bob;

  @BeforeEach
  void client() {
    api = new HttpApi(port);
    alice = Callers.as(api, tokens, "alice");
    bob = Callers.as(api, tokens, "bob");
  }

  private static final String TWO_LEVELS = """
      {"levels": [
         {"ackTimeoutMinutes": 1,
          "targets": [{"pagerDutyService": "game-api-primary", "slackUserGroup": "S0GAMEONCALL"}]},
         {"ackTimeoutMinutes": 1,
          "targets": [{"pagerDutyService": "game-api-leads", "slackUserGroup": "S0GAMELEADS"}]}],
       "repeats": 0}""";

  @Test
  void declaredIncidentPagesEscalatesResolvesAndFilesThePostmortem() {
    assertThat(api.put("/api/v1/escalation-policies/game-api", TWO_LEVELS).status())
        .isIn(200, 201);

    String declaration = """
        {"title": "Matchmaking queue stuck", "service": "game-api", "severity": "sev2",
         "description": "Queue depth growing since 10:02"}""";
    HttpApi carol = Callers.as(api, tokens, "carol");
    Response opened = carol.post("/api/v1/incidents", declaration, "Idempotency-Key", "declare-matchmaking-1");
    assertThat(opened.status()).as(opened.text()).isEqualTo(201);
    String id = opened.body().get("incidentId").asString();
    assertThat(opened.body().get("outcome").asString()).isEqualTo("OPENED");
    assertThat(opened.raw().headers().firstValue("Location")).hasValue("/api/v1/incidents/" + id);
    assertThat(opened.body().get("links").get("run").asString()).isEqualTo("/api/v1/runs/" + id);
    assertThat(opened.body().get("links").get("timeline").asString()).isEqualTo("/api/v1/incidents/" + id + "/timeline");

    Response retried = carol.post("/api/v1/incidents", declaration, "Idempotency-Key", "declare-matchmaking-1");
    assertThat(retried.status()).as(retried.text()).isEqualTo(200);
    assertThat(retried.body().get("incidentId").asString()).isEqualTo(id);
    assertThat(retried.body().get("outcome").asString()).isEqualTo("JOINED");

    // Level 1 paged in PagerDuty under the incident's dedup key; the channel created and the summary posted.
    JsonNode firstPage = awaitOutbox("pagerduty", e -> e.get("operation").asString().equals("trigger")
        && e.get("payload").get("dedupKey").asString().equals(id)
        && e.get("target").asString().equals("game-api-primary"));
    assertThat(firstPage.get("payload").get("pagerDutyService").asString()).isEqualTo("game-api-primary");
    assertThat(firstPage.get("payload").get("severity").asString()).isEqualTo("error");
    JsonNode channel = awaitOutbox("slack", e -> e.get("operation").asString().equals("conversations.create")
        && e.get("target").asString().startsWith("inc-") && e.get("target").asString().contains("matchmaking"));
    String channelName = channel.get("target").asString();
    JsonNode summary = awaitOutbox("slack", e -> e.get("operation").asString().equals("chat.postMessage")
        && e.get("target").asString().equals("outbox:" + channelName) && e.get("payload").has("blocks"));
    assertThat(summary.get("payload").get("blocks").toString()).contains("incident_acknowledge", id);

    JsonNode live = await().atMost(WAIT).until(() -> api.get("/api/v1/incidents/" + id),
        r -> r.status() == 200 && r.body().path("escalation").path("level").asInt() == 1).body();
    assertThat(live.get("answeredBy").asString()).isEqualTo("incidents-table");
    assertThat(live.get("state").asString()).isEqualTo("OPEN");
    assertThat(live.get("severity").asString()).isEqualTo("SEV2");
    assertThat(Instant.parse(live.get("openedAt").asString())).isBefore(Instant.now().plusSeconds(1));
    assertThat(Instant.parse(live.get("nextEscalationAt").asString())).isAfter(Instant.parse(live.get("openedAt").asString()));

    assertAccepted(alice.post("/api/v1/incidents/" + id + "/notes",
        "{\"text\": \"Restarted matchmaker-2, watching\"}"), id, "note");
    Response acknowledged = alice.post("/api/v1/incidents/" + id + "/acknowledge", "{}");
    assertDecided(acknowledged, id, "acknowledge");
    assertThat(acknowledged.body().get("state").asString()).as("answered once applied").isEqualTo("ACKNOWLEDGED");
    assertThat(acknowledged.body().get("acknowledgedBy").asString()).isEqualTo("alice");
    // A second acknowledgement is refused by the workflow's validator, synchronously and with its reason.
    Response again = bob.post("/api/v1/incidents/" + id + "/acknowledge", "{}");
    assertThat(again.status()).as(again.text()).isEqualTo(409);
    assertThat(again.body().get("detail").asString()).isEqualTo("acknowledge refused: already acknowledged by alice");
    assertDecided(alice.post("/api/v1/incidents/" + id + "/escalate",
        "{\"reason\": \"need a lead\"}"), id, "escalate");
    JsonNode secondPage = awaitOutbox("pagerduty", e -> e.get("operation").asString().equals("trigger")
        && e.get("payload").get("dedupKey").asString().equals(id)
        && e.get("target").asString().equals("game-api-leads"));
    assertThat(secondPage.get("payload").get("summary").asString()).contains("Matchmaking queue stuck");
    // The outbox is filtered by run: this incident's pages, and no other incident's.
    JsonNode pagesOfRun = api.get("/api/v1/outbox?integration=pagerduty&run=" + id).body().get("items");
    assertThat(pagesOfRun.valueStream().filter(e -> e.get("operation").asString().equals("trigger"))
        .map(e -> e.get("target").asString()).toList()).containsExactly("game-api-leads", "game-api-primary");
    assertThat(pagesOfRun.valueStream().map(e -> e.get("runId").asString()).distinct().toList()).containsExactly(id);
    assertDecided(alice.post("/api/v1/incidents/" + id + "/severity",
        "{\"severity\": \"SEV1\", \"reason\": \"all regions\"}"), id, "changeSeverity");
    assertAccepted(alice.post("/api/v1/incidents/" + id + "/stakeholder-updates",
        "{\"text\": \"Mitigating; ETA 20 minutes\"}"), id, "stakeholderUpdate");
    assertDecided(alice.post("/api/v1/incidents/" + id + "/resolve", """
        {"summary": "Matchmaker leader election fixed",
         "followUps": ["Alert on matchmaking queue depth", "Runbook for leader election"]}"""), id, "resolve");

    // The summary is the channel's card, updated in place: resolved, it names who and offers no controls.
    String cardTs = "outbox-" + summary.get("id").asString().substring("outbox:".length());
    JsonNode resolvedCard = awaitOutbox("slack", e -> e.get("operation").asString().equals("chat.update")
        && e.get("payload").get("ts").asString().equals(cardTs)
        && e.get("payload").get("text").asString().equals("Resolved: [SEV1] Matchmaking queue stuck on game-api"));
    assertThat(resolvedCard.get("target").asString()).isEqualTo("outbox:" + channelName);
    assertThat(resolvedCard.get("payload").get("blocks").toString()).contains("Resolved by alice")
        .doesNotContain("incident_acknowledge", "incident_resolve", "incident_severity");

    // The postmortem (ADF with the timeline) and a linked issue per follow-up.
    JsonNode postmortem = awaitOutbox("jira", e -> e.get("operation").asString().equals("createIssue")
        && e.get("payload").get("fields").get("summary").asString().equals("Postmortem: [SEV1] Matchmaking queue stuck"));
    JsonNode description = postmortem.get("payload").get("fields").get("description");
    assertThat(description.get("type").asString()).isEqualTo("doc");
    assertThat(description.toString()).contains("Timeline", "NOTE - alice (api): Restarted matchmaker-2, watching",
        "ACKNOWLEDGED - alice (api)");
    awaitOutbox("jira", e -> e.get("operation").asString().equals("createIssue")
        && e.get("payload").get("fields").get("summary").asString().equals("Runbook for leader election"));
    awaitOutbox("jira", e -> e.get("operation").asString().equals("issueLink"));

    // An acknowledgement after the resolution is refused with the reason, and on the timeline as IGNORED.
    Response late = bob.post("/api/v1/incidents/" + id + "/acknowledge", "{}");
    assertThat(late.status()).as(late.text()).isEqualTo(409);
    assertThat(late.body().get("detail").asString())
        .isEqualTo("acknowledge refused: the incident was already resolved by alice");
    JsonNode timeline = await().atMost(WAIT).until(() -> api.get("/api/v1/incidents/" + id + "/timeline"),
        r -> r.status() == 200 && entry(r.body(), "IGNORED", "bob") != null
            && r.body().get("entries").valueStream().filter(e -> e.get("event").asString().equals("IGNORED")).count() == 2)
        .body();
    assertThat(entry(timeline, "IGNORED", "bob").get("text").asString())
        .isIn("acknowledge refused: already acknowledged by alice",
            "acknowledge refused: the incident was already resolved by alice");
    assertThat(timeline.get("answeredBy").asString()).isEqualTo("workflow");
    // An incident is a run like any other in the run list and run details.
    assertThat(api.get("/api/v1/runs/" + id).body().get("type").asString()).isEqualTo("incident");
    assertThat(await().atMost(WAIT).until(() -> api.get("/api/v1/runs?type=incident").body().get("items"),
        items -> items.valueStream().anyMatch(r -> r.get("workflowId").asString().equals(id)))).isNotNull();
    assertThat(entry(timeline, "OPENED", "carol").get("source").asString()).isEqualTo("api");
    assertThat(entry(timeline, "ALERT", "carol"))
        .as("the retried declaration joined, and as a repeat of the firing declaration it is no new line").isNull();
    assertThat(entry(timeline, "PAGED", "pitcrew").get("text").asString()).contains("game-api-primary");
    assertThat(entry(timeline, "NOTE", "alice").get("text").asString()).isEqualTo("Restarted matchmaker-2, watching");
    assertThat(entry(timeline, "ACKNOWLEDGED", "alice")).isNotNull();
    assertThat(entry(timeline, "ESCALATED", "alice").get("text").asString()).contains("game-api-leads", "need a lead");
    assertThat(entry(timeline, "SEVERITY_CHANGED", "alice")).isNotNull();
    assertThat(entry(timeline, "STAKEHOLDER_UPDATE", "alice").get("text").asString()).contains("ETA 20 minutes");
    assertThat(entry(timeline, "RESOLVED", "alice")).isNotNull();
    assertThat(Instant.parse(entry(timeline, "RESOLVED", "alice").get("at").asString())).isNotNull();

    JsonNode resolved = await().atMost(WAIT).until(() -> api.get("/api/v1/incidents/" + id),
        r -> r.status() == 200 && r.body().hasNonNull("postmortemKey")).body();
    assertThat(resolved.get("state").asString()).isEqualTo("RESOLVED");
    assertThat(resolved.get("severity").asString()).isEqualTo("SEV1");
    assertThat(resolved.get("acknowledgedBy").asString()).isEqualTo("alice");
    assertThat(resolved.get("resolvedBy").asString()).isEqualTo("alice");
    assertThat(resolved.get("escalation").get("level").asInt()).isEqualTo(2);
    assertThat(Duration.parse(resolved.get("mttr").asString())).isPositive();
    assertThat(resolved.get("followUpKeys")).hasSize(2);

    JsonNode listed = await().atMost(WAIT).until(
        () -> api.get("/api/v1/incidents?state=resolved&service=game-api&severity=SEV1&limit=10"),
        r -> r.status() == 200 && ids(r.body()).contains(id)).body();
    assertThat(listed.get("items").get(0).get("answeredBy").asString()).isEqualTo("incidents-table");
    assertThat(ids(api.get("/api/v1/incidents?state=OPEN").body())).doesNotContain(id);
  }

  @Test
  void declarationsWithoutAKeyOpenOneIncidentEach() {
    String body = "{\"title\": \"Store slow\", \"service\": \"store-api\", \"severity\": \"SEV4\"}";
    Response first = api.post("/api/v1/incidents", body);
    Response second = api.post("/api/v1/incidents", body);
    assertThat(first.status()).as(first.text()).isEqualTo(201);
    assertThat(second.status()).as(second.text()).isEqualTo(201);
    assertThat(first.body().get("incidentId").asString()).isNotEqualTo(second.body().get("incidentId").asString());
    assertThat(first.body().get("dedupKey").asString()).startsWith("api:");

    Response keyed = api.post("/api/v1/incidents",
        "{\"title\": \"Store slow\", \"service\": \"store-api\", \"severity\": \"SEV4\", \"dedupKey\": \"store-latency\"}");
    assertThat(keyed.status()).as(keyed.text()).isEqualTo(201);
    assertThat(keyed.body().get("dedupKey").asString()).isEqualTo("store-latency");
  }

  @Test
  void badRequestsNameTheirFields() {
    assertBadFields(api.post("/api/v1/incidents", "{\"title\": \" \", \"service\": \"Game API\", \"severity\": \"SEV5\"}"),
        "title", "service", "severity");
    assertBadFields(api.post("/api/v1/incidents", "{\"title\": \"x\", \"service\": \"game-api\", \"severity\": \"SEV1\", "
        + "\"colour\": \"red\"}"), "colour");
    assertBadFields(api.post("/api/v1/incidents", "{\"title\": \"x\", \"service\": \"game-api\", \"severity\": \"SEV1\"}",
        "Idempotency-Key", "has spaces"), "Idempotency-Key");
    assertBadFields(api.get("/api/v1/incidents?limit=0"), "limit");
    assertBadFields(api.get("/api/v1/incidents?limit=501"), "limit");
    assertBadFields(api.get("/api/v1/incidents?limit=lots"), "limit");
    assertBadFields(api.get("/api/v1/incidents?state=closed"), "state");
    assertBadFields(api.get("/api/v1/incidents?severity=P1"), "severity");
    assertBadFields(api.get("/api/v1/outbox?integration=carrier-pigeon"), "integration");
    assertThat(api.get("/api/v1/outbox?integration=carrier-pigeon").body().get("detail").asString())
        .contains("pagerduty", "slack", "jira", "email");
    assertBadFields(api.get("/api/v1/outbox?limit=0"), "limit");
    assertBadFields(api.get("/api/v1/outbox?from=yesterday"), "from");
    assertBadFields(api.get("/api/v1/outbox?until=2026-13-01T00:00:00Z"), "until");
    assertBadFields(api.get("/api/v1/outbox?from=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z"), "until");
    assertBadFields(api.get("/api/v1/outbox?run=" + "x".repeat(201)), "run");

    // Who acts is the caller: naming someone else is refused before anything is looked up.
    assertBadFields(api.post("/api/v1/incidents/incident-unknown/acknowledge", "{\"by\": \"mallory\"}"), "by");
    assertBadFields(alice.post("/api/v1/incidents/incident-unknown/resolve",
        "{\"followUps\": [\"" + "x".repeat(201) + "\"]}"), "followUps[0]");
    assertBadFields(alice.post("/api/v1/incidents/incident-unknown/severity", "{\"severity\": \"high\"}"),
        "severity");

    assertBadFields(api.put("/api/v1/escalation-policies/game-api", """
        {"levels": [{"ackTimeoutMinutes": 5, "targets": [{"pagerDutyService": "a"}]},
                    {"ackTimeoutMinutes": 0, "targets": [{"pagerDutyService": "b"}]}], "repeats": 10}"""),
        "levels[1].ackTimeoutMinutes", "repeats");
    Response zero = api.put("/api/v1/escalation-policies/game-api",
        "{\"levels\": [{\"ackTimeoutMinutes\": 0, \"targets\": [{\"pagerDutyService\": \"a\"}]}]}");
    assertThat(zero.body().get("detail").asString()).isEqualTo("levels[0].ackTimeoutMinutes must be at least 1");
    assertBadFields(api.put("/api/v1/escalation-policies/game-api", "{\"levels\": [], \"repeats\": 1}"), "levels");
    assertBadFields(api.put("/api/v1/escalation-policies/game-api",
        "{\"levels\": [{\"ackTimeoutMinutes\": 5, \"targets\": [{\"slackUserGroup\": \"S0OK\"}, {}]}]}"),
        "levels[0].targets[1]");
    assertBadFields(api.put("/api/v1/escalation-policies/game-api", """
        {"levels": [{"ackTimeoutMinutes": 5, "targets": [{"pagerDutyService": "a"}]}],
         "businessHours": {"timeZone": "Mars/Olympus", "startHour": 18, "endHour": 9, "days": ["MONDAY"]}}"""),
        "businessHours.timeZone", "businessHours.endHour");
    assertBadFields(api.put("/api/v1/escalation-policies/game-api",
        "{\"service\": \"store-api\", \"levels\": [{\"ackTimeoutMinutes\": 5, \"targets\": [{\"pagerDutyService\": \"a\"}]}]}"),
        "service");
    assertBadFields(api.put("/api/v1/escalation-policies/Not_A_Slug", TWO_LEVELS), "service");
  }

  @Test
  void unknownIncidentsAre404() {
    assertThat(api.get("/api/v1/incidents/incident-nothing-0000000000").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/incidents/incident-nothing-0000000000/timeline").status()).isEqualTo(404);
    Response steer = api.post("/api/v1/incidents/incident-nothing-0000000000/notes", "{\"text\": \"b\"}");
    assertThat(steer.status()).as(steer.text()).isEqualTo(404);
    assertThat(steer.body().get("detail").asString()).contains("incident-nothing-0000000000");

    // A run of another type is not an incident.
    Response run = api.post("/api/v1/runs", "{\"type\": \"self-check\", \"input\": {\"label\": \"not an incident\"}}");
    assertThat(run.status()).as(run.text()).isEqualTo(201);
    String runId = run.body().get("workflowId").asString();
    assertThat(api.get("/api/v1/incidents/" + runId).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/incidents/" + runId + "/acknowledge", "{}").status()).isEqualTo(404);
  }

  @Test
  void escalationPolicyRoundTrip() {
    String policy = """
        {"service": "lobby-api",
         "levels": [{"ackTimeoutMinutes": 5, "targets": [{"pagerDutyService": "lobby-night"}],
                     "businessHoursTargets": [{"slackUserGroup": "S0LOBBYDAY"}]}],
         "repeats": 2,
         "businessHours": {"timeZone": "Europe/Berlin", "startHour": 9, "endHour": 18,
                           "days": ["MONDAY", "FRIDAY"]},
         "autoResolveWhenAlertsClear": true}""";
    Response created = Callers.as(api, tokens, "dana").put("/api/v1/escalation-policies/lobby-api", policy);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/v1/escalation-policies/lobby-api");
    assertThat(created.body().get("updatedBy").asString()).isEqualTo("dana");
    assertThat(created.body().get("appliesTo").asString()).contains("opened from now on");

    JsonNode read = api.get("/api/v1/escalation-policies/lobby-api").body();
    assertThat(read.get("service").asString()).isEqualTo("lobby-api");
    assertThat(read.get("repeats").asInt()).isEqualTo(2);
    assertThat(read.get("businessHours").get("timeZone").asString()).isEqualTo("Europe/Berlin");
    assertThat(read.get("levels").get(0).get("businessHoursTargets").get(0).get("slackUserGroup").asString())
        .isEqualTo("S0LOBBYDAY");
    assertThat(read.get("autoResolveWhenAlertsClear").asBoolean()).isTrue();

    // What GET answers can be PUT back as it is.
    Response replaced = api.put("/api/v1/escalation-policies/lobby-api", read.toString());
    assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
    assertThat(replaced.body().get("updatedBy").asString()).isEqualTo("admin");
    assertBadFields(api.put("/api/v1/escalation-policies/lobby-api", read.toString(), "X-Pitcrew-Actor", "dana"),
        "X-Pitcrew-Actor");

    JsonNode all = api.get("/api/v1/escalation-policies").body();
    assertThat(StreamSupport.stream(all.get("items").spliterator(), false).map(p -> p.get("service").asString()))
        .contains("lobby-api");

    assertThat(api.delete("/api/v1/escalation-policies/lobby-api").status()).isEqualTo(204);
    assertThat(api.get("/api/v1/escalation-policies/lobby-api").status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/escalation-policies/lobby-api").status()).isEqualTo(404);
  }

  private static void assertDecided(Response response, String id, String decision) {
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    assertThat(response.body().get("incidentId").asString()).isEqualTo(id);
    assertThat(response.body().get("decision").asString()).isEqualTo(decision);
    assertThat(response.body().get("applied").asBoolean()).isTrue();
  }

  private static void assertAccepted(Response response, String id, String signal) {
    assertThat(response.status()).as(response.text()).isEqualTo(202);
    assertThat(response.body().get("incidentId").asString()).isEqualTo(id);
    assertThat(response.body().get("accepted").asString()).isEqualTo(signal);
  }

  private static void assertBadFields(Response response, String... fields) {
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(StreamSupport.stream(response.body().get("errors").spliterator(), false)
        .map(e -> e.get("field").asString()).toList()).as(response.text()).contains(fields);
  }

  private JsonNode awaitOutbox(String integration, Predicate<JsonNode> matches) {
    return await().atMost(WAIT).until(
        () -> StreamSupport.stream(
                api.get("/api/v1/outbox?integration=" + integration + "&limit=500").body().get("items").spliterator(),
                false)
            .filter(e -> e.get("integration").asString().equals(integration))
            .filter(matches)
            .findFirst()
            .orElse(null),
        java.util.Objects::nonNull);
  }

  private static JsonNode entry(JsonNode timeline, String event, String actor) {
    return StreamSupport.stream(timeline.get("entries").spliterator(), false)
        .filter(e -> e.get("event").asString().equals(event) && e.get("actor").asString().equals(actor))
        .findFirst()
        .orElse(null);
  }

  private static List<String> ids(JsonNode list) {
    return StreamSupport.stream(list.get("items").spliterator(), false)
        .map(i -> i.get("incidentId").asString()).toList();
  }
}
