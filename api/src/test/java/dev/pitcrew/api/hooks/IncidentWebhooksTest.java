package dev.pitcrew.api.hooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.pitcrew.activities.incident.EscalationPolicyRepository;
import dev.pitcrew.api.hooks.AlertmanagerPayloads.Alert;
import dev.pitcrew.api.incidents.IncidentIntake;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerWithVendorsTest;
import dev.pitcrew.workflows.incident.EscalationLevel;
import dev.pitcrew.workflows.incident.EscalationPolicy;
import dev.pitcrew.workflows.incident.EscalationTarget;
import dev.pitcrew.workflows.incident.IncidentIds;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Severity;
import dev.pitcrew.workflows.incident.TimelineEntry;
import dev.pitcrew.workflows.incident.TimelineEvent;
import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The Alertmanager and PagerDuty webhooks over real HTTP against the product in local mode (embedded PostgreSQL,
 * Temporal test server, real workers): what a delivery opens, joins, clears, acknowledges or resolves, and that
 * refused deliveries change nothing. PagerDuty's REST API (asked which incident a note belongs to) is WireMock.
 */
class IncidentWebhooksTest extends SharedServerWithVendorsTest {
  private static final String ALERTMANAGER = "/api/v1/hooks/alertmanager";
  private static final String PAGERDUTY = "/api/v1/hooks/pagerduty";
  private static final String TOKEN = ALERTMANAGER_TOKEN;
  private static final String USER = ALERTMANAGER_USER;
  private static final String PASSWORD = ALERTMANAGER_PASSWORD;
  private static final String PD_OLD_SECRET = PAGERDUTY_OLD_SECRET;
  private static final String PD_NEW_SECRET = PAGERDUTY_NEW_SECRET;
  private static final String PD_API_TOKEN = PAGERDUTY_API_TOKEN;

  /**
   * PagerDuty's REST API, asked which incident a note belongs to when no earlier event linked it. Every PagerDuty
   * test shares it: requests for incidents it has no stub for answer 404, i.e. "not a Pitcrew incident".
   */
  static final WireMockServer pagerDutyRest = VENDORS;

  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient workflows;
  @Autowired EscalationPolicyRepository policies;
  @Autowired IncidentIntake intake;
  @Autowired AlertmanagerHookProperties alertmanagerSettings;
  @Autowired AlertmanagerGroupKeys groupKeys;
  @Autowired dev.pitcrew.api.remediation.AlertRouting routing;

  private HttpApi api() {
    return new HttpApi(port);
  }

  private Response alertmanager(String body) {
    return api().post(ALERTMANAGER, body, "Authorization", "Bearer " + TOKEN);
  }

  private Response pagerDuty(String body, String webhookId, String signature) {
    return api().post(PAGERDUTY, body, "X-PagerDuty-Signature", signature, "X-Webhook-Id", webhookId);
  }

  /** Opens an incident through the Alertmanager hook and answers its ID. */
  private String openIncident(String groupKey, String fingerprint, String service, String severity) {
    Response opened = alertmanager(AlertmanagerPayloads.group(groupKey, Alert.firing(fingerprint, service, severity)));
    assertThat(opened.status()).as(opened.text()).isEqualTo(200);
    return opened.body().get("alerts").get(0).get("incidentId").asString();
  }

  private IncidentWorkflow incident(String incidentId) {
    return workflows.newWorkflowStub(IncidentWorkflow.class, incidentId);
  }

  private List<TimelineEntry> timeline(String incidentId) {
    return incident(incidentId).timeline();
  }

  private static long count(List<TimelineEntry> timeline, TimelineEvent event, String source) {
    return timeline.stream().filter(e -> e.event() == event && source.equals(e.source())).count();
  }

  private int incidentRows(String dedupKey) {
    return jdbc.sql("select count(*) from incidents where dedup_key = ?").param(dedupKey).query(Integer.class).single();
  }

  private int pagerDutyTriggers(String incidentId) {
    return jdbc.sql("""
            select count(*) from outbox
             where integration = 'pagerduty' and operation = 'trigger' and payload->>'dedupKey' = ?""")
        .param(incidentId).query(Integer.class).single();
  }

  private void assertNoIncidentFor(String dedupKey) {
    assertThat(incidentRows(dedupKey)).isZero();
    assertThat(api().get("/api/v1/runs/" + IncidentIds.workflowIdFor(dedupKey)).status()).isEqualTo(404);
  }

  // --- Alertmanager ----------------------------------------------------------------------------------------------

  @Test
  void aFiringAlertOpensAnIncidentMappedFromItsLabelsAndPagesPagerDuty() {
    Response answer = alertmanager(AlertmanagerPayloads.group("{}:{alertname=\"HighErrorRate\"}/open",
        Alert.firing("a1b2c3d4e5f60718", "game-api", "critical")));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode alert = answer.body().get("alerts").get(0);
    assertThat(alert.get("fingerprint").asString()).isEqualTo("a1b2c3d4e5f60718");
    assertThat(alert.get("outcome").asString()).isEqualTo("OPENED");
    String incidentId = alert.get("incidentId").asString();
    assertThat(incidentId).isEqualTo(IncidentIds.workflowIdFor("alertmanager:{}:{alertname=\"HighErrorRate\"}/open"));
    IncidentStatus status = await().until(() -> incident(incidentId).status(), s -> s.openedAtMillis() != null);
    assertThat(status.service()).isEqualTo("game-api");
    assertThat(status.severity()).as("critical maps to SEV2").isEqualTo(Severity.SEV2);
    assertThat(status.title()).isEqualTo("5xx above 5% on game-api");
    await().atMost(Duration.ofSeconds(30)).until(() -> pagerDutyTriggers(incidentId) == 1);
  }

  @Test
  void bearerAndBasicCredentialsAreAcceptedAndWrongOrMissingOnesRefused() {
    String key = "{}:{alertname=\"HighErrorRate\"}/auth";
    String body = AlertmanagerPayloads.group(key, Alert.firing("0f0f0f0f0f0f0f0f", "game-api", "warning"));

    Response wrongToken = api().post(ALERTMANAGER, body, "Authorization", "Bearer not-the-token");
    Response wrongPassword = api().post(ALERTMANAGER, body, "Authorization", basic(USER, "guess"));
    Response missing = api().post(ALERTMANAGER, body);

    assertThat(wrongToken.status()).isEqualTo(401);
    assertThat(wrongToken.raw().headers().allValues("WWW-Authenticate"))
        .anySatisfy(c -> assertThat(c).startsWith("Bearer"))
        .anySatisfy(c -> assertThat(c).startsWith("Basic"));
    assertThat(wrongToken.body().get("detail").asString()).contains("does not match").doesNotContain(TOKEN);
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(wrongPassword.text()).doesNotContain(PASSWORD).doesNotContain("guess");
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.raw().headers().firstValue("WWW-Authenticate")).isPresent();
    assertNoIncidentFor("alertmanager:" + key);

    Response bearer = alertmanager(body);
    Response basic = api().post(ALERTMANAGER, body, "Authorization", basic(USER, PASSWORD));
    assertThat(bearer.status()).as(bearer.text()).isEqualTo(200);
    assertThat(basic.status()).as(basic.text()).isEqualTo(200);
    assertThat(basic.body().get("alerts").get(0).get("incidentId").asString())
        .isEqualTo(bearer.body().get("alerts").get(0).get("incidentId").asString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aMalformedOrIncompleteDeliveryIsA400NamingTheFieldAndStartsNothing() {
    String key = "{}:{alertname=\"HighErrorRate\"}/bad";
    String good = AlertmanagerPayloads.group(key, Alert.firing("1111aaaa2222bbbb", "game-api", "critical"),
        Alert.firing("3333cccc4444dddd", "game-api", "critical"), Alert.firing("5555eeee6666ffff", "game-api", "critical"));

    Response notJson = alertmanager(good.substring(0, good.length() - 20));
    Response wrongVersion = alertmanager(good.replace("\"version\": \"4\"", "\"version\": \"3\""));
    Response noGroupKey = alertmanager(good.replace("\"groupKey\"", "\"groupKeys\""));
    Response noFingerprint = alertmanager(good.replace("\"fingerprint\": \"5555eeee6666ffff\"", "\"fp\": \"x\""));
    Response badStatus = alertmanager(good.replaceFirst("\"status\": \"firing\",\\s*\"labels\"", "\"status\": \"burning\", \"labels\""));
    Response noAlertname = alertmanager(good.replaceFirst("\"alertname\": \"HighErrorRate\", \"service\"", "\"service\""));
    Response tooLarge = alertmanager(good.replace("\"receiver\": \"pitcrew\"", "\"receiver\": \"" + "x".repeat(70_000) + "\""));

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(fields(notJson)).containsExactly("body");
    assertThat(fields(wrongVersion)).containsExactly("version");
    assertThat(fields(noGroupKey)).containsExactly("groupKey");
    assertThat(noFingerprint.status()).isEqualTo(400);
    assertThat(fields(noFingerprint)).containsExactly("alerts[2].fingerprint");
    assertThat(noFingerprint.body().get("detail").asString()).contains("alerts[2].fingerprint");
    assertThat(fields(badStatus)).containsExactly("alerts[0].status");
    assertThat(fields(noAlertname)).containsExactly("alerts[0].labels.alertname");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertNoIncidentFor("alertmanager:" + key);
  }

  private static List<String> fields(Response problem) {
    assertThat(problem.status()).as(problem.text()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    problem.body().get("errors").forEach(e -> fields.add(e.get("field").asString()));
    return fields;
  }

  @Test
  void aResolvedAlertIsRecordedOnTheTimelineAndTheIncidentStaysOpenUnderTheDefaultPolicy() {
    String key = "{}:{alertname=\"HighErrorRate\"}/clear";
    Alert alert = Alert.firing("7777aaaa8888bbbb", "game-api", "warning");
    String incidentId = openIncident(key, alert.fingerprint(), "game-api", "warning");

    Response cleared = alertmanager(AlertmanagerPayloads.group(key, alert.resolved()));

    assertThat(cleared.status()).as(cleared.text()).isEqualTo(200);
    assertThat(cleared.body().get("alerts").get(0).get("outcome").asString()).isEqualTo("JOINED");
    assertThat(cleared.body().get("alerts").get(0).get("incidentId").asString()).isEqualTo(incidentId);
    await().until(() -> count(timeline(incidentId), TimelineEvent.ALERT_RESOLVED, "alertmanager") >= 1);
    assertThat(incident(incidentId).status().state()).isEqualTo(IncidentState.OPEN);
    // Every alert cleared: escalation holds and the incident says so, waiting for a human.
    JsonNode view = await().until(() -> api().get("/api/v1/incidents/" + incidentId).body(),
        v -> v.hasNonNull("alertsClearedAt"));
    assertThat(view.get("state").asString()).isEqualTo("OPEN");
    assertThat(view.hasNonNull("nextEscalationAt")).as("no next level for a cleared incident").isFalse();
    assertThat(timeline(incidentId)).filteredOn(e -> e.event() == TimelineEvent.ALERTS_CLEARED).hasSize(1);

    // The alert fires again: the incident is no longer "all clear".
    assertThat(alertmanager(AlertmanagerPayloads.group(key, alert)).status()).isEqualTo(200);
    await().until(() -> !api().get("/api/v1/incidents/" + incidentId).body().hasNonNull("alertsClearedAt"));
  }

  @Test
  void withAutoResolveInThePolicyTheIncidentResolvesOnceItsAlertsClear() {
    policies.save(new EscalationPolicy("match-service",
        List.of(new EscalationLevel(5, List.of(new EscalationTarget(Severity.DEFAULT_PAGERDUTY_SERVICE, null)), List.of())),
        0, null, true), "incident-webhooks-test");
    String key = "{}:{alertname=\"HighErrorRate\"}/autoresolve";
    Alert first = Alert.firing("9999aaaa0000bbbb", "match-service", "critical");
    Alert second = Alert.firing("9999cccc0000dddd", "match-service", "critical");
    Response opened = alertmanager(AlertmanagerPayloads.group(key, first, second));
    assertThat(opened.status()).as(opened.text()).isEqualTo(200);
    String incidentId = opened.body().get("alerts").get(0).get("incidentId").asString();
    assertThat(opened.body().get("alerts").get(1).get("incidentId").asString()).isEqualTo(incidentId);

    alertmanager(AlertmanagerPayloads.group(key, first.resolved(), second));
    await().until(() -> count(timeline(incidentId), TimelineEvent.ALERT_RESOLVED, "alertmanager") == 1);
    assertThat(incident(incidentId).status().state()).as("one alert still fires").isNotEqualTo(IncidentState.RESOLVED);

    alertmanager(AlertmanagerPayloads.group(key, first.resolved(), second.resolved()));
    IncidentStatus resolved = await().atMost(Duration.ofSeconds(30))
        .until(() -> incident(incidentId).status(), s -> s.state() == IncidentState.RESOLVED);
    assertThat(resolved.resolvedBy()).isEqualTo(TimelineEntry.PITCREW);
    assertThat(count(timeline(incidentId), TimelineEvent.ALERT_RESOLVED, "alertmanager"))
        .as("the first alert, listed as resolved again by the second notification, cleared once").isEqualTo(2);
  }

  @Test
  void aHundredConcurrentIdenticalAlertsOpenExactlyOneIncident() throws Exception {
    String key = "{}:{alertname=\"HighErrorRate\"}/storm";
    String body = AlertmanagerPayloads.group(key, Alert.firing("abcdabcdabcdabcd", "game-api", "critical"));
    HttpApi api = api();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Response>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 100; i++) {
        answers.add(pool.submit(() -> {
          start.await();
          return api.post(ALERTMANAGER, body, "Authorization", "Bearer " + TOKEN);
        }));
      }
      start.countDown();
    }

    List<String> incidentIds = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    for (Future<Response> answer : answers) {
      Response response = answer.get();
      assertThat(response.status()).as(response.text()).isEqualTo(200);
      incidentIds.add(response.body().get("alerts").get(0).get("incidentId").asString());
      outcomes.add(response.body().get("alerts").get(0).get("outcome").asString());
    }
    String dedupKey = "alertmanager:" + key;
    assertThat(incidentIds).hasSize(100).containsOnly(IncidentIds.workflowIdFor(dedupKey));
    assertThat(outcomes).as("the delivery whose start won says OPENED, the 99 others JOINED")
        .containsOnly("OPENED", "JOINED").filteredOn("OPENED"::equals).hasSize(1);
    String incidentId = incidentIds.get(0);
    assertThat(api.get("/api/v1/runs/" + IncidentIds.workflowIdFor(dedupKey + "#2")).status())
        .as("no second incident of the key").isEqualTo(404);
    await().atMost(Duration.ofSeconds(30)).until(() -> incidentRows(dedupKey) == 1 && pagerDutyTriggers(incidentId) >= 1);
    assertThat(pagerDutyTriggers(incidentId)).isEqualTo(1);
    assertThat(incidentRows(dedupKey)).isEqualTo(1);
  }

  // --- PagerDuty -------------------------------------------------------------------------------------------------

  @Test
  void anAcknowledgementSignedWithACurrentSecretAcknowledgesTheIncident() {
    String incidentId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-ack", "aaaa0000bbbb1111", "game-api", "critical");
    String body = PagerDutyPayloads.incidentEvent("01EVT-ACK", "incident.acknowledged", incidentId, "acknowledged");

    Response answer = pagerDuty(body, "wh-ack-1", PagerDutyPayloads.signature(PD_OLD_SECRET, body));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.body().get("signal").asString()).isEqualTo("acknowledge");
    IncidentStatus acknowledged = await().until(() -> incident(incidentId).status(),
        s -> s.state() == IncidentState.ACKNOWLEDGED);
    assertThat(acknowledged.acknowledgedBy()).isEqualTo("Dana Oncall");
    assertThat(count(timeline(incidentId), TimelineEvent.ACKNOWLEDGED, "pagerduty")).isEqualTo(1);
    // The verified delivery is in the audit log under PagerDuty's service principal.
    await().until(() -> api().get("/api/v1/audit?principal=webhook%3Apagerduty&outcome=ACCEPTED").body()
        .get("items").size(), n -> n > 0);
  }

  @Test
  void aResolutionInPagerDutyResolvesTheIncident() {
    String incidentId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-resolve", "aaaa2222bbbb3333", "game-api", "critical");
    String body = PagerDutyPayloads.incidentEvent("01EVT-RES", "incident.resolved", incidentId, "resolved");

    Response answer = pagerDuty(body, "wh-res-1", PagerDutyPayloads.signature(PD_NEW_SECRET, body));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    IncidentStatus resolved = await().atMost(Duration.ofSeconds(30)).until(() -> incident(incidentId).status(),
        s -> s.state() == IncidentState.RESOLVED);
    assertThat(resolved.resolvedBy()).isEqualTo("Dana Oncall");
    assertThat(count(timeline(incidentId), TimelineEvent.RESOLVED, "pagerduty")).isEqualTo(1);
  }

  @Test
  void wrongMissingOrMalformedSignaturesAreRefusedAndSignalNothing() {
    String incidentId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-forged", "aaaa4444bbbb5555", "game-api", "critical");
    String body = PagerDutyPayloads.incidentEvent("01EVT-FORGED", "incident.acknowledged", incidentId, "acknowledged");

    Response forged = pagerDuty(body, "wh-forged-1", PagerDutyPayloads.signature("someone-elses-secret", body));
    Response tampered = pagerDuty(body.replace("Dana Oncall", "Mallory"), "wh-forged-2",
        PagerDutyPayloads.signature(PD_NEW_SECRET, body));
    Response malformed = pagerDuty(body, "wh-forged-3", "sha256=deadbeef");
    Response missing = api().post(PAGERDUTY, body, "X-Webhook-Id", "wh-forged-4");

    assertThat(List.of(forged.status(), tampered.status(), malformed.status(), missing.status()))
        .containsOnly(401);
    assertThat(forged.text()).doesNotContain(PD_OLD_SECRET).doesNotContain(PD_NEW_SECRET);
    assertThat(jdbc.sql("select count(*) from pagerduty_webhook_deliveries where identifier = '01EVT-FORGED'")
        .query(Integer.class).single()).as("a refused delivery is not remembered").isZero();
    assertThat(incident(incidentId).status().state()).isEqualTo(IncidentState.OPEN);
    assertThat(count(timeline(incidentId), TimelineEvent.ACKNOWLEDGED, "pagerduty")).isZero();
  }

  @Test
  void duringARotationAnyCurrentSignatureOfTheHeaderIsEnough() {
    String incidentId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-rotate", "aaaa6666bbbb7777", "game-api", "critical");
    String body = PagerDutyPayloads.incidentEvent("01EVT-ROT", "incident.acknowledged", incidentId, "acknowledged");
    // PagerDuty signs with the retired secret and the new one; Pitcrew only knows the new one (and another).
    String header = PagerDutyPayloads.signature("retired-secret-00", body) + ","
        + PagerDutyPayloads.signature(PD_NEW_SECRET, body);

    Response answer = pagerDuty(body, "wh-rot-1", header);

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    await().until(() -> incident(incidentId).status().state() == IncidentState.ACKNOWLEDGED);
  }

  @Test
  void aRepeatedDeliveryIsAnsweredAsADuplicateAndSignalsOnce() {
    String incidentId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-dup", "aaaa8888bbbb9999", "game-api", "critical");
    String ack = PagerDutyPayloads.incidentEvent("01EVT-DUP", "incident.acknowledged", incidentId, "acknowledged");

    Response first = pagerDuty(ack, "wh-dup-1", PagerDutyPayloads.signature(PD_NEW_SECRET, ack));
    Response again = pagerDuty(ack, "wh-dup-1", PagerDutyPayloads.signature(PD_NEW_SECRET, ack));

    assertThat(first.status()).as(first.text()).isEqualTo(200);
    assertThat(first.body().get("duplicate").asBoolean()).isFalse();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("duplicate").asBoolean()).isTrue();
    // A later delivery that does arrive: once it is on the timeline, so would be anything sent before it.
    String resolve = PagerDutyPayloads.incidentEvent("01EVT-DUP-2", "incident.resolved", incidentId, "resolved");
    assertThat(pagerDuty(resolve, "wh-dup-2", PagerDutyPayloads.signature(PD_NEW_SECRET, resolve)).status()).isEqualTo(200);
    await().until(() -> count(timeline(incidentId), TimelineEvent.RESOLVED, "pagerduty") == 1);
    List<TimelineEntry> timeline = timeline(incidentId);
    assertThat(count(timeline, TimelineEvent.ACKNOWLEDGED, "pagerduty")).isEqualTo(1);
    assertThat(count(timeline, TimelineEvent.IGNORED, "pagerduty")).isZero();
  }

  @Test
  void aSignedBodyReplayedUnderANewWebhookIdIsADuplicateAndSignalsNothing() {
    String incidentId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-replay", "aaaa9999cccc0000", "game-api", "critical");
    String ack = PagerDutyPayloads.incidentEvent("01EVT-REPLAY", "incident.acknowledged", incidentId, "acknowledged");
    String signature = PagerDutyPayloads.signature(PD_NEW_SECRET, ack);

    Response first = pagerDuty(ack, "wh-replay-1", signature);
    // Someone captured the signed body and sends it again: X-Webhook-Id is outside the signature, event.id is not.
    Response replayed = pagerDuty(ack, "wh-replay-forged-2", signature);

    assertThat(first.status()).as(first.text()).isEqualTo(200);
    assertThat(first.body().get("signal").asString()).isEqualTo("acknowledge");
    assertThat(replayed.status()).as(replayed.text()).isEqualTo(200);
    assertThat(replayed.body().get("duplicate").asBoolean()).isTrue();
    assertThat(replayed.body().get("eventId").asString()).isEqualTo("01EVT-REPLAY");
    await().until(() -> incident(incidentId).status().state() == IncidentState.ACKNOWLEDGED);
    // A later delivery that does arrive: once it is on the timeline, so would be anything sent before it.
    String note = PagerDutyPayloads.incidentEvent("01EVT-REPLAY-2", "incident.resolved", incidentId, "resolved");
    assertThat(pagerDuty(note, "wh-replay-3", PagerDutyPayloads.signature(PD_NEW_SECRET, note)).status()).isEqualTo(200);
    await().until(() -> count(timeline(incidentId), TimelineEvent.RESOLVED, "pagerduty") == 1);
    assertThat(count(timeline(incidentId), TimelineEvent.ACKNOWLEDGED, "pagerduty")).isEqualTo(1);
    assertThat(count(timeline(incidentId), TimelineEvent.IGNORED, "pagerduty")).isZero();
  }

  @Test
  void alertmanagersOwnPagerDutyIncidentKeyIsTheGroupKeysSha256AndActsOnTheGroupsIncident() {
    String groupKey = "{}/{severity=\"critical\"}:{alertname=\"HighErrorRate\"}";
    // sha256 hex of the group key's bytes, as Alertmanager's notify.Key.Hash() derives pagerduty_config's dedup_key
    // (computed independently: printf '%s' '<groupKey>' | sha256sum).
    String alertmanagersIncidentKey = "558b79073d7341d427c63af07b90f482a501267929ebae0c3c90273093254c92";
    assertThat(AlertmanagerGroupKeys.hash(groupKey)).isEqualTo(alertmanagersIncidentKey);
    String incidentId = openIncident(groupKey, "aaaabbbbccccdddd", "game-api", "critical");

    String ack = PagerDutyPayloads.incidentEvent("01EVT-AM-ACK", "incident.acknowledged", alertmanagersIncidentKey,
        "acknowledged", "PAMTRIG1");
    Response acknowledged = pagerDuty(ack, "wh-am-1", PagerDutyPayloads.signature(PD_NEW_SECRET, ack));

    assertThat(acknowledged.status()).as(acknowledged.text()).isEqualTo(200);
    assertThat(acknowledged.body().get("signal").asString()).isEqualTo("acknowledge");
    assertThat(acknowledged.body().get("incidentId").asString()).isEqualTo(incidentId);
    await().until(() -> incident(incidentId).status().state() == IncidentState.ACKNOWLEDGED);

    String resolve = PagerDutyPayloads.incidentEvent("01EVT-AM-RES", "incident.resolved", alertmanagersIncidentKey,
        "resolved", "PAMTRIG1");
    Response resolved = pagerDuty(resolve, "wh-am-2", PagerDutyPayloads.signature(PD_NEW_SECRET, resolve));
    assertThat(resolved.body().get("signal").asString()).as(resolved.text()).isEqualTo("resolve");
    await().atMost(Duration.ofSeconds(30)).until(() -> incident(incidentId).status().state() == IncidentState.RESOLVED);
    assertThat(jdbc.sql("select incident_id from pagerduty_incident_links where pagerduty_incident = 'PAMTRIG1'")
        .query(String.class).single()).as("notes on that PagerDuty incident find it too").isEqualTo(incidentId);

    // A hash of a group Pitcrew never took in acts on nothing.
    String unknown = PagerDutyPayloads.incidentEvent("01EVT-AM-UNK", "incident.acknowledged",
        AlertmanagerGroupKeys.hash("{}:{alertname=\"NeverSeen\"}"), "acknowledged", "PAMTRIG2");
    Response ignored = pagerDuty(unknown, "wh-am-3", PagerDutyPayloads.signature(PD_NEW_SECRET, unknown));
    assertThat(ignored.body().get("ignored").asString()).as(ignored.text()).contains("Alertmanager group key");
  }

  @Test
  void aNoteInPagerDutyReachesTheIncidentItsTriggerEventNamed() {
    String incidentId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-note", "aaaaccccbbbbdddd", "game-api", "critical");
    String unseen = PagerDutyPayloads.note("01EVT-NOTE-0", "PNEVERSEEN", "Rolling back 1.42.0");
    String triggered = PagerDutyPayloads.incidentEvent("01EVT-TRIG", "incident.triggered", incidentId, "triggered",
        "PNOTE123");
    String note = PagerDutyPayloads.note("01EVT-NOTE", "PNOTE123", "Rolling back 1.42.0");

    Response notLinked = pagerDuty(unseen, "wh-note-0", PagerDutyPayloads.signature(PD_NEW_SECRET, unseen));
    Response trigger = pagerDuty(triggered, "wh-trig-1", PagerDutyPayloads.signature(PD_NEW_SECRET, triggered));
    Response noted = pagerDuty(note, "wh-note-1", PagerDutyPayloads.signature(PD_NEW_SECRET, note));

    assertThat(notLinked.body().get("ignored").asString()).contains("PNEVERSEEN");
    pagerDutyRest.verify(0, getRequestedFor(urlEqualTo("/incidents/PNOTE123")));
    assertThat(trigger.body().get("ignored").asString()).contains("incident.triggered");
    assertThat(noted.status()).as(noted.text()).isEqualTo(200);
    assertThat(noted.body().get("signal").asString()).isEqualTo("note");
    assertThat(noted.body().get("incidentId").asString()).isEqualTo(incidentId);
    await().until(() -> noteOnTimeline(incidentId, "Rolling back 1.42.0"));
  }

  private static StubMapping pagerDutyKnows(String pagerDutyIncident, String incidentKey) {
    return pagerDutyRest.stubFor(get("/incidents/" + pagerDutyIncident).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(PagerDutyPayloads.restIncident(pagerDutyIncident, incidentKey))));
  }

  private boolean noteOnTimeline(String incidentId, String text) {
    return timeline(incidentId).stream().anyMatch(e -> e.event() == TimelineEvent.NOTE
        && "pagerduty".equals(e.source()) && text.equals(e.text()));
  }

  @Test
  void aNoteOnAPagerDutyIncidentNeverSeenBeforeIsMatchedThroughTheRestApi() {
    String incidentId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-rest-note", "bbbb0000cccc1111", "game-api", "critical");
    pagerDutyKnows("PRESTNOTE1", incidentId);
    String note = PagerDutyPayloads.note("01EVT-RNOTE-1", "PRESTNOTE1", "Scaled matchmaking to 12 pods");
    String second = PagerDutyPayloads.note("01EVT-RNOTE-2", "PRESTNOTE1", "Error rate back under 1%");

    Response noted = pagerDuty(note, "wh-rnote-1", PagerDutyPayloads.signature(PD_NEW_SECRET, note));
    Response again = pagerDuty(second, "wh-rnote-2", PagerDutyPayloads.signature(PD_NEW_SECRET, second));

    assertThat(noted.status()).as(noted.text()).isEqualTo(200);
    assertThat(noted.body().get("signal").asString()).isEqualTo("note");
    assertThat(noted.body().get("incidentId").asString()).isEqualTo(incidentId);
    assertThat(again.body().get("signal").asString()).isEqualTo("note");
    await().until(() -> noteOnTimeline(incidentId, "Scaled matchmaking to 12 pods")
        && noteOnTimeline(incidentId, "Error rate back under 1%"));
    pagerDutyRest.verify(1, getRequestedFor(urlEqualTo("/incidents/PRESTNOTE1"))
        .withHeader("Authorization", equalTo("Token token=" + PD_API_TOKEN))
        .withHeader("Accept", equalTo("application/vnd.pagerduty+json;version=2")));
    assertThat(jdbc.sql("select incident_id from pagerduty_incident_links where pagerduty_incident = 'PRESTNOTE1'")
        .query(String.class).single()).as("the looked-up link is remembered: one REST call for both notes")
        .isEqualTo(incidentId);
  }

  @Test
  void whenPagerDutysRestApiIsDownTheDeliveryFailsWith503AndItsRedeliveryIsActedOn() {
    String incidentId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-rest-down", "bbbb2222cccc3333", "game-api", "critical");
    StubMapping outage = pagerDutyRest.stubFor(get("/incidents/PRESTDOWN1").willReturn(aResponse().withStatus(503)
        .withBody("{\"error\": {\"message\": \"Service Unavailable\"}}")));
    String note = PagerDutyPayloads.note("01EVT-RDOWN", "PRESTDOWN1", "Failing over to eu-west-2");
    String signature = PagerDutyPayloads.signature(PD_NEW_SECRET, note);

    Response duringOutage = pagerDuty(note, "wh-rdown-1", signature);

    assertThat(duringOutage.status()).as(duringOutage.text()).isEqualTo(503);
    assertThat(duringOutage.body().get("detail").asString()).contains("PRESTDOWN1", "HTTP 503");
    assertThat(duringOutage.text()).doesNotContain(PD_API_TOKEN);
    assertThat(jdbc.sql("select count(*) from pagerduty_webhook_deliveries where identifier = 'wh-rdown-1'")
        .query(Integer.class).single()).as("the failed delivery's claim is released").isZero();

    pagerDutyRest.removeStub(outage);
    pagerDutyKnows("PRESTDOWN1", incidentId);
    Response redelivered = pagerDuty(note, "wh-rdown-1", signature);

    assertThat(redelivered.status()).as(redelivered.text()).isEqualTo(200);
    assertThat(redelivered.body().get("duplicate").asBoolean()).isFalse();
    assertThat(redelivered.body().get("signal").asString()).isEqualTo("note");
    await().until(() -> noteOnTimeline(incidentId, "Failing over to eu-west-2"));
    assertThat(timeline(incidentId).stream().filter(e -> e.event() == TimelineEvent.NOTE).count()).isEqualTo(1);
  }

  @Test
  void pingsOtherEventsUnknownAndEndedIncidentsAreAnsweredAsIgnored() {
    String ping = PagerDutyPayloads.ping("01EVT-PING");
    String unknown = PagerDutyPayloads.incidentEvent("01EVT-UNK", "incident.acknowledged",
        IncidentIds.workflowIdFor("never-opened"), "acknowledged");
    String foreign = PagerDutyPayloads.incidentEvent("01EVT-FOREIGN", "incident.acknowledged",
        "d3640fbd41094207a1c11e58e46b1662", "acknowledged");
    String escalated = PagerDutyPayloads.incidentEvent("01EVT-ESC", "incident.escalated",
        IncidentIds.workflowIdFor("never-opened"), "triggered");

    String endedId = openIncident("{}:{alertname=\"HighErrorRate\"}/pd-ended", "aaaaeeeebbbbffff", "game-api", "critical");
    workflows.newUntypedWorkflowStub(endedId).terminate("ended for the test");
    String ended = PagerDutyPayloads.incidentEvent("01EVT-END", "incident.acknowledged", endedId, "acknowledged");

    for (String body : List.of(ping, unknown, foreign, escalated, ended)) {
      Response answer = pagerDuty(body, "wh-ign-" + body.hashCode(), PagerDutyPayloads.signature(PD_OLD_SECRET, body));
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(answer.body().get("ignored").asString()).isNotBlank();
      assertThat(answer.body().has("signal")).isFalse();
    }
  }

  @Test
  void inFingerprintModeEachAlertOfAGroupIsItsOwnIncident() {
    // This context runs in group mode; the same intake with the fingerprint setting, against the real engine.
    AlertmanagerHookProperties fingerprintMode = new AlertmanagerHookProperties(TOKEN, null, null,
        AlertmanagerHookProperties.DedupMode.FINGERPRINT, alertmanagerSettings.serviceLabels(),
        alertmanagerSettings.defaultService(), alertmanagerSettings.severityLabel(), alertmanagerSettings.severities(),
        alertmanagerSettings.defaultSeverity(), alertmanagerSettings.maxBodyBytes());
    AlertmanagerIntake perAlert = new AlertmanagerIntake(intake, fingerprintMode, groupKeys, routing);
    AlertmanagerNotificationParser parser = new AlertmanagerNotificationParser(tools.jackson.databind.json.JsonMapper.builder().build());
    Alert eu = Alert.firing("e0e0e0e0e0e0e0e0", "Lobby_Service", "critical");
    Alert us = Alert.firing("a5a5a5a5a5a5a5a5", "Lobby_Service", "critical");
    String groupKey = "{}:{alertname=LobbyDown}/fingerprint-mode";

    List<AlertmanagerIntake.Handled> opened = perAlert.take(parser.parse(
        AlertmanagerPayloads.group(groupKey, eu, us).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThat(opened).extracting(AlertmanagerIntake.Handled::dedupKey)
        .containsExactly("alertmanager:e0e0e0e0e0e0e0e0", "alertmanager:a5a5a5a5a5a5a5a5");
    assertThat(opened).extracting(AlertmanagerIntake.Handled::outcome)
        .containsOnly(dev.pitcrew.api.incidents.IntakeOutcome.OPENED);
    assertThat(opened.get(0).incidentId()).isNotEqualTo(opened.get(1).incidentId());
    IncidentStatus status = await().until(() -> incident(opened.get(0).incidentId()).status(), s -> s != null);
    assertThat(status.service()).as("the label, as a slug").isEqualTo("lobby-service");
    assertThat(status.severity()).isEqualTo(Severity.SEV2);

    List<AlertmanagerIntake.Handled> cleared = perAlert.take(parser.parse(
        AlertmanagerPayloads.group(groupKey, eu.resolved()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(cleared).singleElement().satisfies(h -> {
      assertThat(h.incidentId()).isEqualTo(opened.get(0).incidentId());
      assertThat(h.outcome()).isEqualTo(dev.pitcrew.api.incidents.IntakeOutcome.JOINED);
    });
    await().until(() -> count(timeline(opened.get(0).incidentId()), TimelineEvent.ALERT_RESOLVED, "alertmanager") == 1);
    assertThat(count(timeline(opened.get(1).incidentId()), TimelineEvent.ALERT_RESOLVED, "alertmanager")).isZero();
  }
}
