package dev.pitcrew.api.incidents;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pitcrew.activities.incident.EscalationPolicyRepository;
import dev.pitcrew.activities.pagerduty.PagerDutyEvents;
import dev.pitcrew.activities.pagerduty.PagerDutyProperties;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.LocalModeTestProperties;
import dev.pitcrew.api.web.IntakeGates;
import dev.pitcrew.workflows.incident.Alert;
import dev.pitcrew.workflows.incident.AlertStatus;
import dev.pitcrew.workflows.incident.EscalationLevel;
import dev.pitcrew.workflows.incident.EscalationPolicy;
import dev.pitcrew.workflows.incident.EscalationTarget;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Resolve;
import dev.pitcrew.workflows.incident.Severity;
import dev.pitcrew.workflows.incident.TimelineEntry;
import dev.pitcrew.workflows.incident.TimelineEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The first page leaves from the door: PagerDuty's Events API v2 (WireMock, answering in its documented shape) is
 * reached through the vendor's real client by the intake itself before it asks the engine to start the incident,
 * and by the incident's workflow only for what the door did not reach. Needs a context of its own: the shared
 * servers write PagerDuty events to the outbox (no routing key), and this is about the real client path.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FirstPageAtDoorTest {
  private static final String DEFAULT_KEY = "R0UTINGKEYDEFAULT000000000000000";
  private static final String PRIMARY_KEY = "R0UTINGKEYPRIMARY000000000000000";
  private static final String BACKUP_KEY = "R0UTINGKEYBACKUP0000000000000000";
  private static final String SLOW_KEY = "R0UTINGKEYSLOW000000000000000000";
  private static final String ALERTMANAGER_TOKEN = "am-door-3e7a";
  /** Far longer than the door's timeout (5 s here), so a door that waited for it could not pass the timing check. */
  private static final Duration SLOW_ANSWER = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** What the Events API v2 answers an accepted event (202). */
  private static final String ACCEPTED = """
      {"status":"success","message":"Event processed"}""";

  @TempDir static Path dataDir;
  static final WireMockServer PAGERDUTY = startedPagerDuty();

  @DynamicPropertySource
  static void pagerDutyOnWireMock(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, dataDir);
    registry.add("pitcrew.pagerduty.events-url", () -> PAGERDUTY.baseUrl() + "/v2/enqueue");
    registry.add("pitcrew.pagerduty.default-routing-key", () -> DEFAULT_KEY);
    registry.add("pitcrew.pagerduty.routing-keys.door-primary", () -> PRIMARY_KEY);
    registry.add("pitcrew.pagerduty.routing-keys.door-backup", () -> BACKUP_KEY);
    registry.add("pitcrew.pagerduty.routing-keys.door-slow", () -> SLOW_KEY);
    // Room for a busy machine: a healthy WireMock must never look slow here, or the door would leave a page it did
    // send to the workflow and the "sent once" assertions would see two. The bound itself is what is tested below.
    registry.add("pitcrew.incidents.page-at-door.timeout", () -> "5s");
    registry.add("pitcrew.hooks.alertmanager.bearer-token", () -> ALERTMANAGER_TOKEN);
    // A full page intake refuses after this wait; the default 10 s would only slow the test down.
    registry.add("pitcrew.intake.page-max-wait", () -> "1s");
  }

  @LocalServerPort int port;
  @Autowired IncidentIntake intake;
  @Autowired FirstPageAtDoor door;
  @Autowired IncidentTable incidents;
  @Autowired IncidentIntakeProperties intakeProperties;
  @Autowired PageAtDoorProperties doorProperties;
  @Autowired EscalationPolicyRepository policies;
  @Autowired PagerDutyEvents pagerDutyEvents;
  @Autowired PagerDutyProperties pagerDutySettings;
  @Autowired TemporalCalls temporal;
  @Autowired WorkflowClient client;
  @Autowired MeterRegistry meters;
  @Autowired IncidentCommands commands;
  @Autowired JdbcClient jdbc;
  @Autowired IntakeGates gates;

  /**
   * The engine is unreachable: the delivery fails (503, so Alertmanager sends it again) but the on-call is paged
   * all the same. The retried delivery, once the engine answers, opens the incident, which knows the door paged
   * and does not trigger again.
   */
  @Test
  void aLostEngineNeverBlocksThePageAndTheIncidentOpenedLaterDoesNotPageAgain() {
    String key = "door:engine-lost";
    IncidentInput opening = opening(key, "door-engine-svc", Severity.SEV2);
    WorkflowClient unreachable = unreachableEngine();
    try {
      IncidentIntake withoutEngine = new IncidentIntake(unreachable, temporal, incidents, intakeProperties, door);
      assertThatThrownBy(() -> withoutEngine.raise(opening, firing("fp-1"))).isInstanceOfSatisfying(
          ApiException.class, refused -> assertThat(refused.status().value()).isEqualTo(503));
    } finally {
      unreachable.getWorkflowServiceStubs().shutdownNow();
    }
    String incidentId = IncidentIntake.numbered(key, 1);
    assertThat(triggers(incidentId, DEFAULT_KEY)).as("paged while the engine was out").isEqualTo(1);

    IntakeResult retried = intake.raise(opening, firing("fp-1"));
    assertThat(retried).isEqualTo(new IntakeResult(incidentId, IntakeOutcome.OPENED));
    TimelineEntry paged = awaitFirstPage(incidentId);
    assertThat(paged.text()).isEqualTo("Paged level 1: PagerDuty default (paged at the door)");
    assertThat(paged.actor()).as("attributed as every first page").isEqualTo(TimelineEntry.PITCREW);
    assertThat(triggersScheduledBy(incidentId)).as("the workflow triggered nothing the door had reached").isZero();
    assertThat(triggers(incidentId, DEFAULT_KEY)).isEqualTo(1);
  }

  /**
   * The engine refused the firing delivery (503) after the door paged, and the alert cleared before any retry got
   * through: its resolved delivery finds no incident and withdraws the door's page, so no PagerDuty incident is left
   * that no Pitcrew incident will ever resolve.
   */
  @Test
  void aPageWhoseAlertClearedBeforeTheEngineTookItIsWithdrawn() {
    String key = "door:cleared-while-engine-lost";
    IncidentInput opening = opening(key, "door-cleared-svc", Severity.SEV2);
    WorkflowClient unreachable = unreachableEngine();
    try {
      IncidentIntake withoutEngine = new IncidentIntake(unreachable, temporal, incidents, intakeProperties, door);
      assertThatThrownBy(() -> withoutEngine.raise(opening, firing("fp-1"))).isInstanceOf(ApiException.class);
    } finally {
      unreachable.getWorkflowServiceStubs().shutdownNow();
    }
    String incidentId = IncidentIntake.numbered(key, 1);
    assertThat(events(incidentId, "trigger")).as("paged while the engine was out").isEqualTo(1);

    IntakeResult cleared = intake.clear(key,
        new Alert("alertmanager", "alertmanager", "fp-1", AlertStatus.RESOLVED, "5xx back under 5%"));

    assertThat(cleared.outcome()).isEqualTo(IntakeOutcome.NO_OPEN_INCIDENT);
    assertThat(events(incidentId, "resolve")).as("the orphaned page is resolved").isEqualTo(1);
    assertThat(door.remembered(incidentId)).as("and forgotten").isNull();
  }

  /**
   * Level 1 names two PagerDuty services; PagerDuty refuses the door's trigger for one (500) and accepts the other.
   * The workflow triggers the refused one (accepted on its attempt) and not the other, and the timeline shows the
   * page once.
   */
  @Test
  void theWorkflowTriggersOnlyWhatTheDoorDidNotReach() {
    policies.save(new EscalationPolicy("door-two-targets", List.of(new EscalationLevel(5,
        List.of(new EscalationTarget("door-primary", null), new EscalationTarget("door-backup", "S0DOORBACKUP")),
        List.of())), 0, null, false), "test");
    PAGERDUTY.stubFor(post("/v2/enqueue").withRequestBody(matchingJsonPath("$.routing_key", equalTo(BACKUP_KEY)))
        .inScenario("backup").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500).withBody("{\"status\":\"error\"}"))
        .willSetStateTo("answering"));
    PAGERDUTY.stubFor(post("/v2/enqueue").withRequestBody(matchingJsonPath("$.routing_key", equalTo(BACKUP_KEY)))
        .inScenario("backup").whenScenarioStateIs("answering")
        .willReturn(accepted()));
    double unavailable = doorCount("unavailable");

    Response declared = new HttpApi(port).post("/api/v1/incidents", """
        {"title":"Inventory lost on login","service":"door-two-targets","severity":"SEV2"}""");
    assertThat(declared.status()).as(declared.text()).isEqualTo(201);
    String incidentId = declared.body().get("incidentId").asString();
    assertThat(triggers(incidentId, PRIMARY_KEY)).as("reached at the door, before the answer").isEqualTo(1);
    assertThat(triggers(incidentId, BACKUP_KEY)).as("refused at the door (the workflow's may follow at once)")
        .isPositive();
    assertThat(doorCount("unavailable")).isEqualTo(unavailable + 1);

    await().atMost(WAIT).until(() -> triggers(incidentId, BACKUP_KEY) == 2);
    TimelineEntry paged = awaitFirstPage(incidentId);
    assertThat(paged.text())
        .isEqualTo("Paged level 1: PagerDuty door-primary (paged at the door), PagerDuty door-backup, Slack group S0DOORBACKUP");
    assertThat(await().atMost(WAIT).ignoreExceptions().until(() -> timeline(incidentId), t -> true))
        .filteredOn(e -> e.event() == TimelineEvent.PAGED).hasSize(1);
    assertThat(triggersScheduledBy(incidentId)).as("the workflow's one trigger: door-backup").isEqualTo(1);
    assertThat(triggers(incidentId, PRIMARY_KEY)).as("never sent twice").isEqualTo(1);
  }

  /**
   * A storm has filled the page intake: Alertmanager's delivery is refused (503, Retry-After) only after its page
   * left, so the page never waits in line for the engine. The retry opens the incident, which pages nobody twice.
   */
  @Test
  void aFullPageIntakeRefusesTheDeliveryOnlyAfterItsPageLeft() {
    String groupKey = "{}:{alertname=\"DoorIntakeFull\"}";
    String incidentId = IncidentIntake.numbered("alertmanager:" + groupKey, 1);
    HttpApi alertmanager = new HttpApi(port, ALERTMANAGER_TOKEN);
    int taken = gates.occupyPages();
    Response refused;
    try {
      refused = alertmanager.post("/api/v1/hooks/alertmanager", firingDelivery(groupKey, "door-intake-svc"));
    } finally {
      gates.releasePages(taken);
    }
    assertThat(refused.status()).as(refused.text()).isEqualTo(503);
    assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
    assertThat(triggers(incidentId, DEFAULT_KEY)).as("paged before the delivery was refused").isEqualTo(1);

    Response retried = alertmanager.post("/api/v1/hooks/alertmanager", firingDelivery(groupKey, "door-intake-svc"));

    assertThat(retried.status()).as(retried.text()).isEqualTo(200);
    assertThat(retried.body().path("alerts").path(0).path("incidentId").asString()).isEqualTo(incidentId);
    assertThat(awaitFirstPage(incidentId).text()).isEqualTo("Paged level 1: PagerDuty default (paged at the door)");
    assertThat(triggersScheduledBy(incidentId)).as("the workflow triggered nothing the door had reached").isZero();
    assertThat(triggers(incidentId, DEFAULT_KEY)).as("never twice").isEqualTo(1);
  }

  /**
   * In group mode a delivery's alerts share one incident, opened with the first alert's severity: a later, more
   * severe alert of the same delivery joins it and pages nobody ahead of the engine, as the incident itself would
   * not page for it either.
   */
  @Test
  void onlyTheAlertThatOpensTheIncidentIsPagedAhead() {
    String groupKey = "{}:{alertname=\"DoorMixedGroup\"}";
    String incidentId = IncidentIntake.numbered("alertmanager:" + groupKey, 1);
    String delivery = """
        {"version":"4","groupKey":"%s","truncatedAlerts":0,"status":"firing","receiver":"pitcrew",
         "groupLabels":{"alertname":"DoorMixedGroup"},"commonLabels":{"alertname":"DoorMixedGroup"},
         "commonAnnotations":{},"externalURL":"http://alertmanager.internal:9093",
         "alerts":[
          {"status":"firing","labels":{"alertname":"DoorMixedGroup","service":"door-mixed-svc","severity":"info"},
           "annotations":{"summary":"queue depth rising"},"startsAt":"2026-03-14T09:21:00.000Z",
           "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.internal/graph",
           "fingerprint":"0a1b2c3d4e5f6071"},
          {"status":"firing","labels":{"alertname":"DoorMixedGroup","service":"door-mixed-svc","severity":"critical"},
           "annotations":{"summary":"queue full"},"startsAt":"2026-03-14T09:22:00.000Z",
           "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.internal/graph",
           "fingerprint":"0a1b2c3d4e5f6072"}]}""".formatted(groupKey.replace("\"", "\\\""));

    Response answer = new HttpApi(port, ALERTMANAGER_TOKEN).post("/api/v1/hooks/alertmanager", delivery);

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.body().path("alerts").path(0).path("outcome").asString()).isEqualTo("OPENED");
    assertThat(answer.body().path("alerts").path(1).path("outcome").asString()).isEqualTo("JOINED");
    await().atMost(WAIT).until(() -> incidents.latestOf("alertmanager:" + groupKey).isPresent());
    assertThat(events(incidentId, "trigger")).as("a SEV4 incident pages nobody, ahead or later").isZero();
  }

  /** PagerDuty hangs: the door gives up after its timeout, the delivery goes on, the workflow owns the page. */
  @Test
  void aSlowPagerDutyHoldsTheDoorNoLongerThanItsTimeout() {
    policies.save(new EscalationPolicy("door-slow-svc", List.of(new EscalationLevel(5,
        List.of(new EscalationTarget("door-slow", null)), List.of())), 0, null, false), "test");
    PAGERDUTY.stubFor(post("/v2/enqueue").withRequestBody(matchingJsonPath("$.routing_key", equalTo(SLOW_KEY)))
        .inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(accepted().withFixedDelay((int) SLOW_ANSWER.toMillis()))
        .willSetStateTo("recovered"));
    PAGERDUTY.stubFor(post("/v2/enqueue").withRequestBody(matchingJsonPath("$.routing_key", equalTo(SLOW_KEY)))
        .inScenario("slow").whenScenarioStateIs("recovered")
        .willReturn(accepted()));
    double timeouts = doorCount(FirstPageAtDoor.TIMEOUT);

    long started = System.nanoTime();
    IntakeResult opened = intake.raise(opening("door:slow", "door-slow-svc", Severity.SEV1), firing("fp-1"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(opened.outcome()).isEqualTo(IntakeOutcome.OPENED);
    assertThat(took).as("the door waited %s at most, not for PagerDuty's answer", doorProperties.timeout())
        .isLessThan(SLOW_ANSWER.minusSeconds(5));
    assertThat(doorCount(FirstPageAtDoor.TIMEOUT)).isEqualTo(timeouts + 1);
    assertThat(awaitFirstPage(opened.incidentId()).text()).as("left to the workflow")
        .isEqualTo("Paged level 1: PagerDuty door-slow");
    assertThat(triggersScheduledBy(opened.incidentId())).as("the workflow's own trigger").isEqualTo(1);
  }

  /**
   * A trigger that outlives the door's timeout is not stopped with it: it goes on in the background and PagerDuty
   * takes it at the call's own speed (the workflow's trigger, under the same dedup key, is merged there).
   */
  @Test
  void aTriggerThatOutlivesTheDoorsTimeoutStillLandsInTheBackground() {
    FirstPageAtDoor door = doorWith(Duration.ofMillis(200), Duration.ofSeconds(30));
    String incidentId = "door-late-lands-1";
    pagerDutyAnswersAfter(incidentId, Duration.ofSeconds(2));
    double landed = doorCount(FirstPageAtDoor.LATE_PAGED);

    long started = System.nanoTime();
    assertThat(door.page(incidentId, opening("door:late-lands", "door-late-svc", Severity.SEV2)))
        .as("the door stopped waiting: the workflow is told nobody was reached").isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_900));

    await().atMost(WAIT).until(() -> doorCount(FirstPageAtDoor.LATE_PAGED) == landed + 1);
    assertThat(door.remembered(incidentId)).as("a delivery still on its way to the engine learns it landed")
        .extracting(paged -> paged.pagerDutyServices()).isEqualTo(List.of(Severity.DEFAULT_PAGERDUTY_SERVICE));
    assertThat(door.page(incidentId, opening("door:late-lands", "door-late-svc", Severity.SEV2)))
        .as("and shares it instead of triggering again").isNotNull();
    assertThat(triggers(incidentId, DEFAULT_KEY)).isEqualTo(1);
  }

  /** The late-trigger limit bounds how long a hung PagerDuty holds the call (and a connection of the pool). */
  @Test
  void aLateTriggerIsStoppedAtTheLimit() {
    FirstPageAtDoor door = doorWith(Duration.ofMillis(200), Duration.ofSeconds(1));
    String incidentId = "door-late-stopped-1";
    pagerDutyAnswersAfter(incidentId, SLOW_ANSWER);
    double stopped = doorCount(FirstPageAtDoor.LATE_STOPPED);
    double landed = doorCount(FirstPageAtDoor.LATE_PAGED);

    assertThat(door.page(incidentId, opening("door:late-stopped", "door-late-svc", Severity.SEV2))).isNull();

    await().atMost(SLOW_ANSWER.minusSeconds(10)).until(() -> doorCount(FirstPageAtDoor.LATE_STOPPED) == stopped + 1);
    assertThat(doorCount(FirstPageAtDoor.LATE_PAGED)).isEqualTo(landed);
    assertThat(door.remembered(incidentId)).as("forgotten: the next delivery tries again").isNull();
  }

  /** Limit 0: the door stops the call at its timeout, as it did before late triggers. */
  @Test
  void aLateTriggerLimitOfZeroStopsTheCallAtTheDoorsTimeout() {
    FirstPageAtDoor door = doorWith(Duration.ofMillis(200), Duration.ZERO);
    String incidentId = "door-late-off-1";
    pagerDutyAnswersAfter(incidentId, Duration.ofSeconds(2));
    double landed = doorCount(FirstPageAtDoor.LATE_PAGED);

    assertThat(door.page(incidentId, opening("door:late-off", "door-late-svc", Severity.SEV2))).isNull();

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> doorCount(FirstPageAtDoor.LATE_PAGED) == landed);
    assertThat(door.remembered(incidentId)).isNull();
  }

  /**
   * A resolve never lands before a late trigger of the same incident: a late trigger that PagerDuty takes after the
   * incident was recorded as resolved (the workflow's resolve overtook it) is resolved again at once.
   */
  @Test
  void aLateTriggerThatLandsAfterItsIncidentWasResolvedIsResolvedAgain() {
    String key = "door:late-after-resolve";
    IntakeResult minor = intake.raise(opening(key, "door-late-resolved-svc", Severity.SEV4), firing("fp-1"));
    await().atMost(WAIT).until(() -> incidents.latestOf(key).isPresent());
    commands.resolve(minor.incidentId(), new Resolve("alice", "api", "Lag gone", List.of()));
    await().atMost(WAIT).until(() -> incidents.stateOf(minor.incidentId()).filter("RESOLVED"::equals).isPresent());
    FirstPageAtDoor door = doorWith(Duration.ofMillis(200), Duration.ofSeconds(30));
    door.recordsFrom(incidents);
    PAGERDUTY.stubFor(post("/v2/enqueue").atPriority(1)
        .withRequestBody(matchingJsonPath("$.event_action", equalTo("trigger")))
        .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(minor.incidentId())))
        .willReturn(accepted().withFixedDelay(2_000)));
    double resolvedAgain = doorCount(FirstPageAtDoor.LATE_RESOLVED);

    assertThat(door.page(minor.incidentId(), opening(key, "door-late-resolved-svc", Severity.SEV2))).isNull();

    await().atMost(WAIT).until(() -> doorCount(FirstPageAtDoor.LATE_RESOLVED) == resolvedAgain + 1);
    assertThat(events(minor.incidentId(), "resolve")).as("resolved after the late trigger").isEqualTo(1);
  }

  /** A burst of one new alert before its incident is on record: one attempt at the door, shared by all. */
  @Test
  void concurrentDuplicatesOfANewAlertShareOneAttemptAtTheDoor() throws Exception {
    IncidentInput opening = opening("door:duplicates", "door-duplicates-svc", Severity.SEV2);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<IntakeResult>> answers = new ArrayList<>();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        answers.add(callers.submit(() -> {
          start.await();
          return intake.raise(opening, firing("fp-1"));
        }));
      }
      start.countDown();
    }
    List<IntakeResult> results = new ArrayList<>();
    for (Future<IntakeResult> answer : answers) {
      results.add(answer.get());
    }

    String incidentId = IncidentIntake.numbered("door:duplicates", 1);
    assertThat(results).extracting(IntakeResult::incidentId).containsOnly(incidentId);
    assertThat(results).filteredOn(r -> r.outcome() == IntakeOutcome.OPENED).hasSize(1);
    assertThat(triggers(incidentId, DEFAULT_KEY)).isEqualTo(1);
    assertThat(triggersScheduledBy(incidentId)).isZero();
  }

  @Test
  void aSeverityThatPagesNobodyIsNotPagedAtTheDoor() {
    IntakeResult opened = intake.raise(opening("door:minor", "door-minor-svc", Severity.SEV4), firing("fp-1"));

    assertThat(opened.outcome()).isEqualTo(IntakeOutcome.OPENED);
    await().atMost(WAIT).until(() -> incidents.latestOf("door:minor").isPresent());
    assertThat(PAGERDUTY.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))
        .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(opened.incidentId()))))).isEmpty();
  }

  /**
   * An alert joining an incident already on record and live never reaches the door: a door that remembers nothing
   * (as another replica's, or this one's after its memory expired) still sends no trigger.
   */
  @Test
  void aDeliveryThatJoinsARecordedIncidentDoesNotPageAtTheDoor() {
    String key = "door:joined";
    IncidentInput opening = opening(key, "door-joined-svc", Severity.SEV2);
    IntakeResult opened = intake.raise(opening, firing("fp-1"));
    await().atMost(WAIT).until(() -> incidents.latestOf(key).isPresent());
    assertThat(triggers(opened.incidentId(), DEFAULT_KEY)).isEqualTo(1);

    FirstPageAtDoor forgetful = new FirstPageAtDoor(doorProperties, policies, pagerDutyEvents, pagerDutySettings, meters);
    IncidentIntake anotherReplica = new IncidentIntake(client, temporal, incidents, intakeProperties, forgetful);
    assertThat(anotherReplica.raise(opening, firing("fp-2")))
        .isEqualTo(new IntakeResult(opened.incidentId(), IntakeOutcome.JOINED));
    assertThat(triggers(opened.incidentId(), DEFAULT_KEY)).isEqualTo(1);
  }

  /**
   * The key's records missed an incident that has ended, so the door pages under that incident's ID before the
   * engine says it is taken: that trigger is resolved again at once, and the key's next incident is paged.
   */
  @Test
  void aPageUnderTheIdOfAnIncidentThatHasEndedIsWithdrawn() {
    String key = "door:ended-unrecorded";
    IntakeResult minor = intake.raise(opening(key, "door-ended-svc", Severity.SEV4), firing("fp-1"));
    await().atMost(WAIT).until(() -> incidents.latestOf(key).isPresent());
    commands.resolve(minor.incidentId(), new Resolve("alice", "api", "Lag gone", List.of()));
    // A SEV4 has no channel to archive: its workflow ends once the postmortem is filed.
    await().atMost(WAIT).until(() -> !isLive(minor.incidentId()));
    jdbc.sql("delete from incidents where incident_id = :id").param("id", minor.incidentId()).update();

    // Through a replica whose door never saw the minor incident open (this one remembers it paged nobody then).
    IntakeResult major = anotherReplica().raise(opening(key, "door-ended-svc", Severity.SEV2), firing("fp-2"));

    assertThat(major).isEqualTo(new IntakeResult(IncidentIntake.numbered(key, 2), IntakeOutcome.OPENED));
    assertThat(events(minor.incidentId(), "trigger")).as("paged before the engine said the ID was taken").isEqualTo(1);
    assertThat(events(minor.incidentId(), "resolve")).as("and withdrawn").isEqualTo(1);
    assertThat(triggers(major.incidentId(), DEFAULT_KEY)).isEqualTo(1);
  }

  /**
   * As above, but PagerDuty is slow to answer the trigger under the ended incident's ID: the door stops waiting for
   * it, so it does not know whether PagerDuty took it, and resolves it all the same.
   */
  @Test
  void aTriggerTheDoorStoppedWaitingForUnderTheIdOfAnIncidentThatHasEndedIsWithdrawnToo() {
    String key = "door:ended-unrecorded-late";
    IntakeResult minor = intake.raise(opening(key, "door-ended-late-svc", Severity.SEV4), firing("fp-1"));
    await().atMost(WAIT).until(() -> incidents.latestOf(key).isPresent());
    commands.resolve(minor.incidentId(), new Resolve("alice", "api", "Lag gone", List.of()));
    await().atMost(WAIT).until(() -> !isLive(minor.incidentId()));
    jdbc.sql("delete from incidents where incident_id = :id").param("id", minor.incidentId()).update();
    PAGERDUTY.stubFor(post("/v2/enqueue").atPriority(1)
        .withRequestBody(matchingJsonPath("$.event_action", equalTo("trigger")))
        .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(minor.incidentId())))
        .willReturn(accepted().withFixedDelay((int) SLOW_ANSWER.toMillis())));
    double timeouts = doorCount(FirstPageAtDoor.TIMEOUT);
    double stopped = doorCount(FirstPageAtDoor.LATE_STOPPED);

    IntakeResult major = anotherReplica().raise(opening(key, "door-ended-late-svc", Severity.SEV2), firing("fp-2"));

    assertThat(major).isEqualTo(new IntakeResult(IncidentIntake.numbered(key, 2), IntakeOutcome.OPENED));
    assertThat(doorCount(FirstPageAtDoor.TIMEOUT)).as("the door stopped waiting").isEqualTo(timeouts + 1);
    assertThat(events(minor.incidentId(), "resolve")).as("withdrawn though its answer never came").isEqualTo(1);
    assertThat(doorCount(FirstPageAtDoor.LATE_STOPPED)).as("the late trigger was stopped before the resolve")
        .isEqualTo(stopped + 1);
    assertThat(triggers(major.incidentId(), DEFAULT_KEY)).isEqualTo(1);
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  /** The intake of another API replica: its own door, which remembers nothing this one paged or decided. */
  private IncidentIntake anotherReplica() {
    return new IncidentIntake(client, temporal, incidents, intakeProperties,
        new FirstPageAtDoor(doorProperties, policies, pagerDutyEvents, pagerDutySettings, meters));
  }

  /** A door of its own with these timings, sharing this context's policies, client and meters. */
  private FirstPageAtDoor doorWith(Duration timeout, Duration lateTriggerLimit) {
    return new FirstPageAtDoor(new PageAtDoorProperties(true, timeout, lateTriggerLimit), policies, pagerDutyEvents,
        pagerDutySettings, meters);
  }

  private boolean isLive(String incidentId) {
    try {
      commands.requireLive(incidentId);
      return true;
    } catch (ApiException ended) {
      assertThat(ended.status().value()).isEqualTo(409);
      return false;
    }
  }

  private static int events(String incidentId, String action) {
    return PAGERDUTY.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))
        .withRequestBody(matchingJsonPath("$.event_action", equalTo(action)))
        .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(incidentId)))).size();
  }

  /** One critical alert (SEV2: pages level 1) in an Alertmanager webhook delivery, as its documented payload. */
  private static String firingDelivery(String groupKey, String service) {
    return """
        {"version":"4","groupKey":"%s","truncatedAlerts":0,"status":"firing","receiver":"pitcrew",
         "groupLabels":{"alertname":"DoorIntakeFull"},"commonLabels":{"alertname":"DoorIntakeFull"},
         "commonAnnotations":{},"externalURL":"http://alertmanager.internal:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"DoorIntakeFull","service":"%s","severity":"critical"},
           "annotations":{"summary":"checkout failing"},"startsAt":"2026-03-14T09:21:00.000Z",
           "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.internal/graph",
           "fingerprint":"7d1e2f3a4b5c6d7e"}]}""".formatted(groupKey.replace("\"", "\\\""), service);
  }

  private static IncidentInput opening(String key, String service, Severity severity) {
    return IncidentInput.open(key, service, severity, "Checkout failing", null, "alertmanager", "alertmanager", null);
  }

  private static Alert firing(String fingerprint) {
    return new Alert("alertmanager", "alertmanager", fingerprint, AlertStatus.FIRING, "5xx above 5%");
  }

  /** Triggers PagerDuty received for the incident on one routing key, whatever it answered. */
  private static int triggers(String incidentId, String routingKey) {
    return PAGERDUTY.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))
        .withRequestBody(matchingJsonPath("$.event_action", equalTo("trigger")))
        .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(incidentId)))
        .withRequestBody(matchingJsonPath("$.routing_key", equalTo(routingKey)))).size();
  }

  private List<TimelineEntry> timeline(String incidentId) {
    return client.newWorkflowStub(IncidentWorkflow.class, incidentId).timeline();
  }

  private TimelineEntry awaitFirstPage(String incidentId) {
    // A query waits for a worker: on a busy machine one may time out before the next gets through.
    return await().atMost(WAIT).ignoreExceptions().until(
        () -> timeline(incidentId).stream().filter(e -> e.event() == TimelineEvent.PAGED).findFirst(),
        java.util.Optional::isPresent).orElseThrow();
  }

  /**
   * PagerDuty triggers the incident's workflow scheduled, read from its history once its first workflow task is
   * complete: the first level's triggers are commands of that task, so none can come later and be missed here.
   */
  private long triggersScheduledBy(String incidentId) {
    List<HistoryEvent> events = await().atMost(WAIT).ignoreExceptions().until(
        () -> client.fetchHistory(incidentId).getEvents(),
        history -> history.stream().anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
    return events.stream().filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("PagerDutyTrigger"))
        .count();
  }

  private double doorCount(String outcome) {
    Counter counter = meters.find("pitcrew.page.at.door").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  /** A client of an engine nobody runs: every call fails as UNAVAILABLE after a short retry window. */
  private WorkflowClient unreachableEngine() {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + FreePorts.next())
        .setRpcTimeout(Duration.ofSeconds(2))
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(2)).validateBuildWithDefaults())
        .build());
    return WorkflowClient.newInstance(stubs,
        WorkflowClientOptions.newBuilder().setNamespace(client.getOptions().getNamespace()).build());
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted() {
    return aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody(ACCEPTED);
  }

  private static WireMockServer startedPagerDuty() {
    // Left running until the JVM exits: the context's workers may still be paging when the class ends.
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    server.stubFor(post("/v2/enqueue").atPriority(100).willReturn(accepted()));
    return server;
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern equalTo(String value) {
    return com.github.tomakehurst.wiremock.client.WireMock.equalTo(value);
  }

  /** PagerDuty takes the pages under {@code dedupKey}, but only after {@code delay}. */
  private static void pagerDutyAnswersAfter(String dedupKey, Duration delay) {
    PAGERDUTY.stubFor(post("/v2/enqueue").atPriority(1)
        .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(dedupKey)))
        .willReturn(accepted().withFixedDelay((int) delay.toMillis())));
  }
}
