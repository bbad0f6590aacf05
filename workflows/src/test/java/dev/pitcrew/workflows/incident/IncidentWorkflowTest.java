package dev.pitcrew.workflows.incident;

import static dev.pitcrew.workflows.incident.IncidentFixtures.incident;
import static dev.pitcrew.workflows.incident.IncidentFixtures.setup;
import static dev.pitcrew.workflows.incident.IncidentFixtures.threeLevels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.run.Refusal;
import dev.pitcrew.workflows.run.RunProgress;
import dev.pitcrew.workflows.run.RunStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentWorkflowTest {
  private static final long MINUTE = 60_000;

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingRunIndex index;
  private RecordingPager pager;
  private RecordingChat chat;
  private RecordingIncidentRecords records;
  private FlakyPostmortems postmortems;

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class);
    index = new RecordingRunIndex();
    pager = new RecordingPager(() -> env.currentTimeMillis());
    chat = new RecordingChat();
    records = new RecordingIncidentRecords();
    postmortems = new FlakyPostmortems();
    worker.registerActivitiesImplementations(index, pager, chat, records, postmortems);
    // Pages have a queue of their own (runs started before it existed page through the operations queue above).
    env.newWorker(TaskQueues.PAGING).registerActivitiesImplementations(pager);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopEnvironment() {
    env.close();
  }

  private IncidentWorkflow open(IncidentInput input) {
    IncidentWorkflow incident = stubFor(input.dedupKey());
    WorkflowClient.start(incident::respond, input);
    return incident;
  }

  private IncidentWorkflow stubFor(String dedupKey) {
    return client.newWorkflowStub(IncidentWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(IncidentIds.workflowIdFor(dedupKey))
            .setTaskQueue(TaskQueues.OPERATIONS)
            .build());
  }

  private IncidentWorkflow existing(String dedupKey) {
    return client.newWorkflowStub(IncidentWorkflow.class, IncidentIds.workflowIdFor(dedupKey));
  }

  private static IncidentStatus resultOf(IncidentWorkflow incident) {
    return WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
  }

  private static List<Long> minutesAfterOpening(IncidentWorkflow incident, List<RecordingPager.Event> events) {
    long opened = incident.status().openedAtMillis();
    return events.stream().map(e -> Math.round((e.atMillis() - opened) / (double) MINUTE)).toList();
  }

  private static void awaitTimelineEntry(IncidentWorkflow incident, TimelineEvent event) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (entries(incident.timeline(), event).isEmpty()) {
      assertThat(System.nanoTime()).as("%s on the timeline within 30 s", event).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static List<TimelineEntry> entries(List<TimelineEntry> timeline, TimelineEvent event) {
    return timeline.stream().filter(e -> e.event() == event).toList();
  }

  @Test
  void escalatesThroughThreeLevelsAndLoopsThenStopsPaging() {
    records.serve(setup(threeLevels(1)));
    IncidentWorkflow incident = open(incident("checkout-5xx", Severity.SEV3));

    env.sleep(Duration.ofMinutes(61));

    List<RecordingPager.Event> pages = pager.accepted("trigger");
    assertThat(pages).extracting(RecordingPager.Event::pagerDutyService)
        .containsExactly("pd-primary", "pd-secondary", "pd-managers", "pd-primary", "pd-secondary", "pd-managers");
    assertThat(pages).extracting(RecordingPager.Event::step)
        .containsExactly(new EscalationStep(1, 0), new EscalationStep(2, 0), new EscalationStep(3, 0),
            new EscalationStep(1, 1), new EscalationStep(2, 1), new EscalationStep(3, 1));
    // Each level waits its own ack timeout: 5, 10, 15 minutes, twice round.
    assertThat(minutesAfterOpening(incident, pages)).containsExactly(0L, 5L, 15L, 30L, 35L, 45L);
    assertThat(entries(incident.timeline(), TimelineEvent.ESCALATION_EXHAUSTED)).hasSize(1);
    assertThat(incident.status().nextEscalationAtMillis()).isNull();
    assertThat(chat.channelTexts()).anyMatch(t -> t.startsWith(":arrow_double_up: Escalated to level 2 <!subteam^S-SECONDARY>"));
    assertThat(chat.invitedGroups()).contains("S-PRIMARY", "S-SECONDARY", "S-MANAGERS");
    assertThat(records.escalations()).hasSize(6);

    env.sleep(Duration.ofHours(3));
    assertThat(pager.accepted("trigger")).as("no pages once the ladder ran out").hasSize(6);

    incident.resolve(new Resolve("alice", "api", "Rolled back", List.of()));
    IncidentStatus result = resultOf(incident);
    assertThat(pager.accepted("resolve")).extracting(RecordingPager.Event::pagerDutyService)
        .containsExactlyInAnyOrder("pd-primary", "pd-secondary", "pd-managers");
    assertThat(result.state()).isEqualTo(IncidentState.RESOLVED);
    assertThat(result.acknowledgedAtMillis()).isNull();
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("checkout-5xx"), "incident", "escalation-loops");
  }

  @Test
  void aDatabaseOutageNeverHoldsUpEscalation() {
    records.serve(setup(threeLevels(0)));
    index.down(true);
    IncidentWorkflow incident = open(incident("db-outage", Severity.SEV3));

    env.sleep(Duration.ofMinutes(16));
    assertThat(minutesAfterOpening(incident, pager.accepted("trigger")))
        .as("every level paged on time while the runs index cannot be written").containsExactly(0L, 5L, 15L);
    assertThat(index.records()).isEmpty();

    incident.acknowledge(new Acknowledge("alice", "api"));
    env.sleep(Duration.ofMinutes(1));
    assertThat(incident.status().state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThat(incident.phase()).isEqualTo(IncidentWorkflowImpl.ACKNOWLEDGED);

    index.down(false);
    env.sleep(Duration.ofMinutes(2));
    String id = IncidentIds.workflowIdFor("db-outage");
    assertThat(index.phasesOf(id)).as("written in order once PostgreSQL is back")
        .containsExactly(IncidentWorkflowImpl.OPEN, IncidentWorkflowImpl.ACKNOWLEDGED);
    assertThat(index.records()).extracting(RunProgress::sequence).isSorted();
    HistoryReplay.recordIfRequested(client, id, "incident", "database-outage");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void acknowledgingAtAnyLevelStopsTheEscalation(int level) {
    records.serve(setup(threeLevels(0)));
    IncidentWorkflow incident = open(incident("ack-at-" + level, Severity.SEV3));
    long pagedAtMinute = List.of(0L, 5L, 15L).get(level - 1);

    env.sleep(Duration.ofMinutes(pagedAtMinute + 2));
    incident.acknowledge(new Acknowledge("alice", "slack"));
    env.sleep(Duration.ofHours(2));

    assertThat(pager.accepted("trigger")).hasSize(level);
    assertThat(pager.accepted("acknowledge")).hasSize(level);
    IncidentStatus status = incident.status();
    assertThat(status.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThat(status.acknowledgedBy()).isEqualTo("alice");
    assertThat(status.commander()).as("first to acknowledge leads").isEqualTo("alice");
    assertThat(status.mttaMillis()).isCloseTo((pagedAtMinute + 2) * MINUTE, within(5_000L));
    assertThat(status.nextEscalationAtMillis()).isNull();
    assertThat(incident.phase()).isEqualTo("Acknowledged");
    assertThat(chat.channelTexts()).anyMatch(t -> t.startsWith(":eyes: Acknowledged by alice (slack)"));

    incident.resolve(new Resolve("alice", "slack", "Fixed", List.of()));
    assertThat(resultOf(incident).mttaMillis()).isEqualTo(status.mttaMillis());
  }

  @Test
  void acknowledgeAfterResolveIsRefusedWithTheReasonAndNeverReopens() {
    IncidentWorkflow incident = open(incident("late-ack", Severity.SEV2));
    env.sleep(Duration.ofMinutes(1));

    IncidentStatus resolved = incident.resolve(new Resolve("alice", "api", "False alarm", List.of()));
    assertThat(resolved.state()).as("answered once applied").isEqualTo(IncidentState.RESOLVED);
    assertThatThrownBy(() -> incident.acknowledge(new Acknowledge("bob", "slack")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, refusal -> {
          assertThat(Refusal.ofType(refusal.getType())).contains(Refusal.WRONG_PHASE);
          assertThat(refusal.getOriginalMessage()).isEqualTo("the incident was already resolved by alice");
        });
    assertThatThrownBy(() -> incident.resolve(new Resolve("bob", "slack", "again", List.of())))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class,
            refusal -> assertThat(Refusal.ofType(refusal.getType())).contains(Refusal.ALREADY_DECIDED));
    IncidentStatus result = resultOf(incident);

    assertThat(result.state()).isEqualTo(IncidentState.RESOLVED);
    assertThat(result.resolvedBy()).isEqualTo("alice");
    assertThat(result.acknowledgedBy()).isNull();
    assertThat(entries(incident.timeline(), TimelineEvent.IGNORED))
        .as("refused by the validators: never in the history").isEmpty();
    assertThat(pager.accepted("acknowledge")).isEmpty();
    assertThat(pager.accepted("trigger")).hasSize(1);
    assertThat(index.lastOf(IncidentIds.workflowIdFor("late-ack")).status()).isEqualTo(RunStatus.COMPLETED);
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("late-ack"), "incident", "ack-after-resolve");
  }

  @Test
  void raisingTheSeverityMidIncidentPagesOpensTheChannelAndStartsTheUpdateCadence() {
    IncidentWorkflow incident = open(incident("sev-raise", Severity.SEV4));
    env.sleep(Duration.ofMinutes(10));
    assertThat(pager.attempts()).as("SEV4 wakes nobody").isEmpty();
    assertThat(chat.calls()).as("SEV4 opens no channel").isZero();

    incident.changeSeverity(new ChangeSeverity("carol", "slack", Severity.SEV1, "all regions"));
    env.sleep(Duration.ofMinutes(1));
    incident.acknowledge(new Acknowledge("dave", "pagerduty"));
    env.sleep(Duration.ofMinutes(34)); // the first update falls due 30 minutes after the raise
    incident.stakeholderUpdate(new StakeholderUpdate("dave", "slack", "Mitigated in EU, US next"));
    env.sleep(Duration.ofMinutes(31));

    List<RecordingPager.Event> pages = pager.accepted("trigger");
    assertThat(pages).extracting(RecordingPager.Event::pagerDutyService).containsExactly(Severity.DEFAULT_PAGERDUTY_SERVICE);
    assertThat(minutesAfterOpening(incident, pages)).containsExactly(10L);
    assertThat(chat.cards()).filteredOn(card -> !card.update()).singleElement()
        .extracting(card -> card.card().severity()).isEqualTo(Severity.SEV1);
    assertThat(incident.status().severity()).isEqualTo(Severity.SEV1);
    assertThat(index.lastOf(IncidentIds.workflowIdFor("sev-raise")).labels().severity()).isEqualTo("SEV1");
    long opened = incident.status().openedAtMillis();
    assertThat(entries(incident.timeline(), TimelineEvent.STAKEHOLDER_UPDATE_DUE))
        .extracting(e -> Math.round((e.atMillis() - opened) / (double) MINUTE))
        .as("due 30m after the raise, then 30m after the update")
        .containsExactly(40L, 75L);
    assertThat(chat.textsIn("stakeholders")).singleElement().asString()
        .contains("[SEV1] Checkout failing", "dave", "Mitigated in EU, US next");
    assertThat(chat.channelTexts()).anyMatch(t -> t.contains("dave: a stakeholder update is due (every 30m for SEV1)"));
    assertThat(entries(incident.timeline(), TimelineEvent.SEVERITY_CHANGED)).singleElement()
        .satisfies(e -> assertThat(e.text()).isEqualTo("SEV4 -> SEV1: all regions"));
    // The row follows the cadence (the API's detail reads it there): the reminder at 75 moved the due time to 105.
    assertThat(records.lastRecorded().nextStakeholderUpdateDueAtMillis()).as("recorded with the cadence")
        .isNotNull().isEqualTo(incident.status().nextStakeholderUpdateDueAtMillis());

    incident.resolve(new Resolve("dave", "slack", "Fixed", List.of()));
    assertThat(resultOf(incident).severity()).isEqualTo(Severity.SEV1);
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("sev-raise"), "incident", "severity-raised");
  }

  @Test
  void slackBeingDownNeverStopsPaging() {
    chat.goDown();
    records.serve(setup(threeLevels(0)));
    IncidentWorkflow incident = open(incident("slack-down", Severity.SEV1));

    env.sleep(Duration.ofMinutes(20));

    assertThat(minutesAfterOpening(incident, pager.accepted("trigger"))).containsExactly(0L, 5L, 15L);
    assertThat(incident.status().channel()).isNull();
    assertThat(entries(incident.timeline(), TimelineEvent.INTEGRATION_FAILED))
        .extracting(TimelineEntry::text)
        .anyMatch(t -> t.startsWith("Slack gave up on 'open the incident channel'"));

    incident.acknowledge(new Acknowledge("alice", "pagerduty"));
    incident.resolve(new Resolve("alice", "pagerduty", "Fixed", List.of()));
    IncidentStatus result = resultOf(incident);
    assertThat(result.state()).isEqualTo(IncidentState.RESOLVED);
    assertThat(pager.accepted("resolve")).hasSize(3);
    assertThat(result.postmortemKey()).isEqualTo("PM-1");
  }

  @Test
  void pagerDutyRateLimitIsRetriedAfterTheDelayItAskedFor() {
    pager.answerRateLimitedTimes(1);
    IncidentWorkflow incident = open(incident("pd-429", Severity.SEV2));

    env.sleep(Duration.ofMinutes(2));

    List<RecordingPager.Event> attempts = pager.attempts();
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(1).atMillis() - attempts.get(0).atMillis())
        .isGreaterThanOrEqualTo(RecordingPager.RATE_LIMIT_DELAY.toMillis());
    assertThat(pager.accepted("trigger")).hasSize(1);
    assertThat(entries(incident.timeline(), TimelineEvent.INTEGRATION_FAILED)).isEmpty();

    incident.resolve(new Resolve("alice", "api", "Fixed", List.of()));
    resultOf(incident);
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("pd-429"), "incident", "pagerduty-rate-limited");
  }

  @Test
  void postmortemIsFiledOnceJiraRecoversWithLinkedFollowUps() {
    postmortems.failFirst(2);
    IncidentWorkflow incident = open(incident("jira-flaky", Severity.SEV2));
    env.sleep(Duration.ofMinutes(3));
    incident.acknowledge(new Acknowledge("alice", "slack"));
    incident.note(new Note("bob", "slack", "Deploy 4812 correlates"));
    // A signal and an update that reach the same workflow task may be handled update first: the note is on the
    // timeline before the resolution is sent, as a person would see it before resolving.
    awaitTimelineEntry(incident, TimelineEvent.NOTE);
    incident.resolve(new Resolve("alice", "slack", "Rolled back deploy 4812",
        List.of("Add a checkout canary", "Alert on 5xx ratio")));

    IncidentStatus result = resultOf(incident);

    assertThat(result.postmortemKey()).isEqualTo("PM-1");
    assertThat(result.followUpKeys()).containsExactly("PM-2", "PM-3");
    assertThat(postmortems.attempts()).isEqualTo(2 + 1 + 2);
    PostmortemRequest filed = postmortems.postmortems().getFirst();
    assertThat(filed.resolutionSummary()).isEqualTo("Rolled back deploy 4812");
    assertThat(filed.timeline()).extracting(TimelineEntry::event)
        .containsSubsequence(TimelineEvent.OPENED, TimelineEvent.PAGED, TimelineEvent.ACKNOWLEDGED,
            TimelineEvent.NOTE, TimelineEvent.RESOLVED);
    assertThat(postmortems.followUps()).extracting(FollowUpRequest::postmortemKey, FollowUpRequest::number)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("PM-1", 1), org.assertj.core.groups.Tuple.tuple("PM-1", 2));
    assertThat(chat.channelTexts()).contains(":memo: Postmortem filed: PM-1");
    String summary = chat.channelTexts().stream().filter(t -> t.startsWith(":white_check_mark:")).findFirst().orElseThrow();
    // MTTA as the incident measured it: its tasks run on real time beside the skipped minutes, so a loaded machine
    // moves it off three minutes by a second or so either way.
    assertThat(result.mttaMillis()).isBetween(Duration.ofMinutes(3).minusSeconds(5).toMillis(),
        Duration.ofMinutes(3).plusSeconds(5).toMillis());
    assertThat(summary).contains("MTTA " + HumanDuration.of(result.mttaMillis()), "MTTR 3m",
        "Resolved by alice: Rolled back deploy 4812",
        "- alice: acknowledged, resolved", "- bob: note");
    assertThat(chat.archived()).as("archived after the configured delay").hasSize(1);
    assertThat(entries(incident.timeline(), TimelineEvent.CHANNEL_ARCHIVED)).singleElement()
        .satisfies(e -> assertThat(e.atMillis() - result.resolvedAtMillis()).isGreaterThanOrEqualTo(3600_000));
    assertThat(records.lastRecorded().postmortemKey()).isEqualTo("PM-1");
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("jira-flaky"), "incident", "postmortem-retried");
  }

  @Test
  void longIncidentContinuesAsNewCarryingItsTimeline() {
    records.serve(new IncidentSetup(threeLevels(0), 3600, 120));
    IncidentWorkflow incident = open(incident("long-one", Severity.SEV3));
    String workflowId = IncidentIds.workflowIdFor("long-one");
    WorkflowExecution firstRun = WorkflowStub.fromTyped(incident).getExecution();
    env.sleep(Duration.ofMinutes(1));
    incident.acknowledge(new Acknowledge("alice", "slack"));

    for (int i = 1; i <= 80; i++) {
      incident.note(new Note("alice", "slack", "note " + i));
      env.sleep(Duration.ofSeconds(10));
    }
    incident.resolve(new Resolve("alice", "slack", "Done", List.of()));
    IncidentStatus result = client.newUntypedWorkflowStub(workflowId).getResult(IncidentStatus.class);

    HistoryEvent lastRunStart = client.fetchHistory(workflowId).getEvents().getFirst();
    assertThat(lastRunStart.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId())
        .as("the last run continued from an earlier one")
        .isNotEmpty()
        .isNotEqualTo(firstRun.getRunId());
    List<TimelineEntry> timeline = existing("long-one").timeline();
    assertThat(entries(timeline, TimelineEvent.NOTE)).extracting(TimelineEntry::text)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 80).mapToObj(i -> "note " + i).toList());
    assertThat(timeline.getFirst().event()).isEqualTo(TimelineEvent.OPENED);
    assertThat(result.acknowledgedBy()).isEqualTo("alice");
    assertThat(result.mttaMillis()).isCloseTo(MINUTE, within(5_000L));
    assertThat(pager.accepted("trigger")).as("nobody re-paged by a new run").hasSize(1);
    List<RecordingChat.CardMessage> cards = chat.cards();
    assertThat(cards.getFirst().update()).isFalse();
    assertThat(cards).as("every run updates the card the first one posted")
        .extracting(RecordingChat.CardMessage::ts).containsOnly(cards.getFirst().ts());
    assertThat(cards.getLast().update()).isTrue();
    assertThat(cards.getLast().card().state()).as("resolved after continuing as new").isEqualTo(IncidentState.RESOLVED);

    List<RunProgress> progress = index.records().stream().filter(r -> r.workflowId().equals(workflowId)).toList();
    assertThat(progress).extracting(RunProgress::startedAtMillis).containsOnly(progress.getFirst().startedAtMillis());
    assertThat(progress).extracting(RunProgress::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(progress).extracting(RunProgress::status).as("continuing is not failing")
        .containsOnly(RunStatus.RUNNING, RunStatus.COMPLETED);
    assertThat(progress.getLast().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void duplicateAlertsJoinTheOneIncidentTheyShare() {
    IncidentInput input = incident("db-primary-down", Severity.SEV2);
    signalWithStart(input, new Alert("alertmanager", "prometheus", "db-primary-down", AlertStatus.FIRING, "first"));
    env.sleep(Duration.ofSeconds(30));
    signalWithStart(input, new Alert("alertmanager", "prometheus", "db-replica-lag", AlertStatus.FIRING, "second"));
    env.sleep(Duration.ofSeconds(30));

    IncidentWorkflow incident = existing("db-primary-down");
    List<TimelineEntry> timeline = incident.timeline();
    assertThat(entries(timeline, TimelineEvent.OPENED)).hasSize(1);
    assertThat(entries(timeline, TimelineEvent.ALERT)).extracting(TimelineEntry::text)
        .containsExactly("db-replica-lag: second");
    assertThat(pager.accepted("trigger")).hasSize(1);
    assertThat(chat.channelTexts()).anyMatch(t -> t.startsWith(":bell: Alert joined: db-replica-lag"));
  }

  @Test
  void repeatedNotificationsOfAFiringAlertAreNotNewsUntilItClears() {
    IncidentInput input = incident("cpu-hot", Severity.SEV3);
    Alert firing = new Alert("alertmanager", "prometheus", "cpu-hot", AlertStatus.FIRING, "still hot");
    signalWithStart(input, firing);
    env.sleep(Duration.ofMinutes(1));
    signalWithStart(input, firing);
    signalWithStart(input, firing);
    env.sleep(Duration.ofMinutes(1));
    IncidentWorkflow incident = existing("cpu-hot");
    assertThat(entries(incident.timeline(), TimelineEvent.ALERT)).as("repeats of a firing alert").isEmpty();

    incident.alert(new Alert("alertmanager", "prometheus", "cpu-hot", AlertStatus.RESOLVED, null));
    env.sleep(Duration.ofSeconds(10));
    signalWithStart(input, firing);
    env.sleep(Duration.ofSeconds(10));

    assertThat(entries(incident.timeline(), TimelineEvent.ALERT)).as("fired again after clearing").hasSize(1);
    assertThat(chat.channelTexts()).filteredOn(t -> t.startsWith(":bell: Alert joined: cpu-hot")).hasSize(1);
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("cpu-hot"), "incident", "repeated-firing");
  }

  @Test
  void anAlertGroupsIncidentAutoResolvesOnceTheAlertsOfTheGroupClear() {
    EscalationPolicy autoResolving = new EscalationPolicy("payments",
        List.of(IncidentFixtures.level(5, "pd-primary", null)), 0, null, true);
    records.serve(setup(autoResolving));
    // One incident per Alertmanager group: the dedup key names the group, each alert is keyed by its fingerprint.
    IncidentInput group = incident("alertmanager:{}:{alertname=\"CheckoutErrors\"}", Severity.SEV3);
    signalWithStart(group, new Alert("alertmanager", "alertmanager", "fp-eu", AlertStatus.FIRING, "eu"));
    env.sleep(Duration.ofMinutes(1));
    signalWithStart(group, new Alert("alertmanager", "alertmanager", "fp-us", AlertStatus.FIRING, "us"));
    env.sleep(Duration.ofMinutes(1));
    IncidentWorkflow incident = existing(group.dedupKey());
    assertThat(entries(incident.timeline(), TimelineEvent.ALERT)).extracting(TimelineEntry::text)
        .as("the opening alert is the incident's OPENED entry; only the one that joined is an ALERT")
        .containsExactly("fp-us: us");

    incident.alert(new Alert("alertmanager", "alertmanager", "fp-eu", AlertStatus.RESOLVED, null));
    env.sleep(Duration.ofMinutes(1));
    assertThat(incident.status().state()).as("fp-us still firing").isEqualTo(IncidentState.OPEN);
    // Alertmanager lists fp-eu as resolved again in the group's next notification: not news.
    incident.alert(new Alert("alertmanager", "alertmanager", "fp-eu", AlertStatus.RESOLVED, null));
    env.sleep(Duration.ofMinutes(1));
    assertThat(entries(incident.timeline(), TimelineEvent.ALERT_RESOLVED)).hasSize(1);
    incident.alert(new Alert("alertmanager", "alertmanager", "fp-us", AlertStatus.RESOLVED, null));

    assertThat(resultOf(incident).resolvedBy()).isEqualTo(TimelineEntry.PITCREW);
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor(group.dedupKey()), "incident", "group-auto-resolved");
  }

  @Test
  void policyMayResolveTheIncidentOnceEveryAlertClears() {
    EscalationPolicy autoResolving = new EscalationPolicy("payments",
        List.of(IncidentFixtures.level(5, "pd-primary", null)), 0, null, true);
    records.serve(setup(autoResolving));
    IncidentWorkflow incident = open(incident("flapping", Severity.SEV3));
    // Let the run's first workflow task complete before the second alert arrives. Sent straight after start, a slow
    // worker can pick the alert up in that first task, at the opening instant, where it is indistinguishable from
    // the alert a signal-with-start opens an incident with: it would take the dedup key's place as the opening
    // alert, and the dedup key's own clear below would then be a repeat that adds nothing.
    env.sleep(Duration.ofMinutes(1));
    incident.alert(new Alert("alertmanager", "prometheus", "flapping-2", AlertStatus.FIRING, null));
    env.sleep(Duration.ofMinutes(2));
    assertThat(entries(incident.timeline(), TimelineEvent.ALERT)).extracting(TimelineEntry::text)
        .as("flapping-2 joined the open incident; flapping, the dedup key, is still firing")
        .containsExactly("flapping-2");
    incident.alert(new Alert("alertmanager", "prometheus", "flapping", AlertStatus.RESOLVED, null));
    env.sleep(Duration.ofMinutes(1));
    assertThat(incident.status().state()).as("one alert still firing").isEqualTo(IncidentState.OPEN);

    incident.alert(new Alert("alertmanager", "prometheus", "flapping-2", AlertStatus.RESOLVED, null));
    IncidentStatus result = resultOf(incident);

    assertThat(result.resolvedBy()).isEqualTo(TimelineEntry.PITCREW);
    assertThat(entries(existing("flapping").timeline(), TimelineEvent.ALERT_RESOLVED)).hasSize(2);
  }

  @Test
  void onceEveryAlertClearsEscalationHoldsUntilAnAlertFiresAgain() {
    // Auto-resolve off (the default): a clear is no proof of recovery, so the incident waits for a human.
    records.serve(setup(threeLevels(0)));
    IncidentInput group = incident("alertmanager:{}:{alertname=\"QueueBacklog\"}", Severity.SEV3);
    signalWithStart(group, new Alert("alertmanager", "alertmanager", "fp-backlog", AlertStatus.FIRING, "backlog"));
    env.sleep(Duration.ofMinutes(2));
    IncidentWorkflow incident = existing(group.dedupKey());
    incident.alert(new Alert("alertmanager", "alertmanager", "fp-backlog", AlertStatus.RESOLVED, null));
    env.sleep(Duration.ofMinutes(1));

    IncidentStatus cleared = incident.status();
    assertThat(cleared.state()).isEqualTo(IncidentState.OPEN);
    assertThat(cleared.alertsClearedAtMillis()).isNotNull();
    assertThat(cleared.nextEscalationAtMillis()).as("escalation holds").isNull();
    assertThat(entries(incident.timeline(), TimelineEvent.ALERTS_CLEARED)).extracting(TimelineEntry::text)
        .containsExactly("All alerts cleared; escalation stopped at level 1. Waiting for a human to confirm "
            + "recovery and resolve.");
    assertThat(chat.channelTexts()).anyMatch(t -> t.startsWith(":white_check_mark: All alerts cleared"));

    env.sleep(Duration.ofMinutes(60));
    assertThat(pager.accepted("trigger")).as("no level 2 page for a cleared incident")
        .extracting(RecordingPager.Event::pagerDutyService).containsExactly("pd-primary");

    // Firing again resumes at level 1 with the 3 minutes it had left when the alerts cleared.
    signalWithStart(group, new Alert("alertmanager", "alertmanager", "fp-backlog", AlertStatus.FIRING, "backlog"));
    env.sleep(Duration.ofSeconds(10));
    assertThat(incident.status().alertsClearedAtMillis()).isNull();
    assertThat(entries(incident.timeline(), TimelineEvent.ESCALATION_RESUMED)).hasSize(1);
    long resumedAt = env.currentTimeMillis();
    env.sleep(Duration.ofMinutes(4));
    List<RecordingPager.Event> pages = pager.accepted("trigger");
    assertThat(pages).extracting(RecordingPager.Event::pagerDutyService).containsExactly("pd-primary", "pd-secondary");
    assertThat(pages.get(1).atMillis() - resumedAt).isCloseTo(3 * MINUTE, within(MINUTE / 2));

    incident.resolve(new Resolve("alice", "api", "Backlog drained", List.of()));
    assertThat(resultOf(incident).resolvedBy()).isEqualTo("alice");
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor(group.dedupKey()), "incident", "cleared-holds-escalation");
  }

  private void signalWithStart(IncidentInput input, Alert alert) {
    IncidentWorkflow incident = stubFor(input.dedupKey());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(incident::respond, input);
    request.add(incident::alert, alert);
    client.signalWithStart(request);
  }
}
