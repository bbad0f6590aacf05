package dev.pitcrew.workflows.incident;

import static dev.pitcrew.workflows.incident.IncidentFixtures.incident;
import static dev.pitcrew.workflows.incident.IncidentFixtures.setup;
import static dev.pitcrew.workflows.incident.IncidentFixtures.threeLevels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.run.RunCost;
import dev.pitcrew.workflows.run.RunStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The side-effect policy for incidents: Pitcrew's own reads and records never hold a page up. A typical
 * incident's cost is asserted from its history; with PostgreSQL down from the first moment, level 1 is paged at
 * once on the severity's default policy (it waited up to two minutes for the setup before), and the outage is on
 * the incident's timeline. Slack down: {@code IncidentWorkflowTest.slackBeingDownNeverStopsPaging}.
 */
class IncidentSideEffectsTest {
  private static final long MINUTE = 60_000;

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingRunIndex index;
  private RecordingPager pager;
  private RecordingIncidentRecords records;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class);
    index = new RecordingRunIndex();
    pager = new RecordingPager(env::currentTimeMillis);
    records = new RecordingIncidentRecords();
    worker.registerActivitiesImplementations(index, pager, new RecordingChat(), records, new FlakyPostmortems());
    env.newWorker(TaskQueues.PAGING).registerActivitiesImplementations(pager);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  /**
   * Paged, acknowledged, resolved, postmortem filed, channel archived: its activities are PagerDuty, Slack and
   * JIRA calls only; the setup, the incident and escalation records and the runs index are local activities, and
   * no workflow task exists for any of them.
   */
  @Test
  void aTypicalIncidentCostsOnlyItsVendorCalls() {
    records.serve(setup(threeLevels(0)));
    IncidentWorkflow incident = open("typical-incident", Severity.SEV3);
    env.sleep(Duration.ofMinutes(2));
    incident.acknowledge(new Acknowledge("alice", "api"));
    env.sleep(Duration.ofMinutes(10));
    incident.resolve(new Resolve("alice", "api", "Rolled back", List.of()));
    WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    RunCost cost = RunCost.of(client, IncidentIds.workflowIdFor("typical-incident"));
    assertThat(cost.activityTypes()).as("no activity for Pitcrew's own records")
        .noneMatch(type -> type.startsWith("Incident") || type.equals("RecordRunProgress"))
        .allMatch(type -> type.startsWith("PagerDuty") || type.startsWith("Slack") || type.startsWith("Jira"));
    assertThat(cost.workflowTasks()).as("workflow tasks").isLessThanOrEqualTo(1 + cost.wakeUps());
    assertThat(cost.localActivities()).as("setup, records, index").isGreaterThanOrEqualTo(6);
    assertThat(records.escalations()).hasSize(1);
    assertThat(records.lastRecorded().state()).isEqualTo(IncidentState.RESOLVED);
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("typical-incident"), "incident",
        "resolved-background");
  }

  /**
   * The incident's row follows the ladder: each level paged, and the ladder running out, is written with the next
   * escalation time, so the console's boards read them from the {@code incidents} table, not from the workflow.
   */
  @Test
  void eachEscalationIsRecordedOnTheIncidentsRow() {
    records.serve(setup(threeLevels(0)));
    IncidentWorkflow incident = open("escalating-incident", Severity.SEV3);
    long openedAt = env.currentTimeMillis();
    env.sleep(Duration.ofMinutes(6));

    IncidentStatus second = records.lastRecorded();
    assertThat(second.escalation()).isEqualTo(new EscalationStep(2, 0));
    assertThat(second.nextEscalationAtMillis()).as("level 2 waits 10 minutes")
        .isEqualTo(incident.status().nextEscalationAtMillis())
        .isBetween(openedAt + 15 * MINUTE, openedAt + 16 * MINUTE);

    env.sleep(Duration.ofMinutes(30));
    assertThat(records.lastRecorded().escalation()).isEqualTo(new EscalationStep(3, 0));
    assertThat(records.lastRecorded().nextEscalationAtMillis()).as("the ladder ran out").isNull();

    incident.acknowledge(new Acknowledge("alice", "api"));
    incident.resolve(new Resolve("alice", "api", "Fixed", List.of()));
    WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("escalating-incident"), "incident",
        "escalation-recorded");
  }

  /**
   * Pages have a task queue of their own, so in a storm they never wait behind other incidents' Slack, JIRA or
   * record activities; and the page is the first activity the incident schedules, from its first workflow task,
   * which holds no local activity but the policy read (Pitcrew's records would keep it open until PostgreSQL
   * answered).
   */
  @Test
  void pagesGoToTheirOwnQueueFirst() {
    records.serve(setup(threeLevels(0)));
    IncidentWorkflow incident = open("own-queue-incident", Severity.SEV2);
    env.sleep(Duration.ofMinutes(1));
    incident.acknowledge(new Acknowledge("alice", "api"));
    incident.resolve(new Resolve("alice", "api", "Fixed", List.of()));
    WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    List<HistoryEvent> events = client.fetchHistory(IncidentIds.workflowIdFor("own-queue-incident")).getEvents();
    HistoryEvent firstPage = events.stream().filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .findFirst().orElseThrow();
    // The events a workflow task's completion recorded follow its WORKFLOW_TASK_COMPLETED event.
    long secondTaskDone = events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        .skip(1).findFirst().orElseThrow().getEventId();
    assertThat(firstPage.getEventId()).as("paged from the first workflow task").isLessThan(secondTaskDone);
    assertThat(events).filteredOn(e -> e.getEventId() < secondTaskDone && e.hasMarkerRecordedEventAttributes()
            && e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"))
        .as("local activities in the page's workflow task: the policy read only").hasSize(1);
    List<ActivityTaskScheduledEventAttributes> scheduled = events.stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
        .toList();
    assertThat(scheduled.getFirst().getActivityType().getName()).as("the first thing scheduled")
        .isEqualTo("PagerDutyTrigger");
    assertThat(scheduled).filteredOn(a -> a.getActivityType().getName().startsWith("PagerDuty"))
        .extracting(a -> a.getActivityType().getName() + " on " + a.getTaskQueue().getName())
        .containsExactly("PagerDutyTrigger on " + TaskQueues.PAGING, "PagerDutyAcknowledge on " + TaskQueues.PAGING,
            "PagerDutyResolve on " + TaskQueues.PAGING);
    assertThat(scheduled).filteredOn(a -> !a.getActivityType().getName().startsWith("PagerDuty"))
        .isNotEmpty()
        .allMatch(a -> a.getTaskQueue().getName().equals(TaskQueues.OPERATIONS));
    assertThat(pager.accepted("trigger")).hasSize(1);
    // pages-own-queue.json was recorded here before the first page went alone; it stays as committed.
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("own-queue-incident"), "incident",
        "first-page-alone");
  }

  /**
   * The intake paged two services at the door: one the level names, one the policy no longer names (it changed in
   * between). The workflow triggers only the level's other service, records all three as paged (so acknowledging
   * and resolving reach them) and shows the page once.
   */
  @Test
  void servicesPagedAtTheDoorAreRecordedAndOnlyTheRestTriggered() {
    records.serve(setup(new EscalationPolicy("payments", List.of(new EscalationLevel(5,
        List.of(new EscalationTarget("pd-primary", "S-PRIMARY"), new EscalationTarget("pd-backup", null)), List.of())),
        0, null, false)));
    IncidentInput opening = incident("door-incident", Severity.SEV2)
        .withPagedAtDoor(new PagedAtDoor(List.of("pd-primary", "pd-retired"), env.currentTimeMillis()));
    IncidentWorkflow incident = open(opening);
    env.sleep(Duration.ofMinutes(1));

    assertThat(pager.accepted("trigger")).extracting(RecordingPager.Event::pagerDutyService)
        .as("only what the door did not reach").containsExactly("pd-backup");
    assertThat(incident.timeline()).filteredOn(e -> e.event() == TimelineEvent.PAGED).singleElement()
        .satisfies(paged -> {
          assertThat(paged.text()).isEqualTo("Paged level 1: PagerDuty pd-primary (paged at the door), Slack group "
              + "S-PRIMARY, PagerDuty pd-backup, PagerDuty pd-retired (paged at the door)");
          assertThat(paged.actor()).isEqualTo(TimelineEntry.PITCREW);
          assertThat(paged.source()).isEqualTo(TimelineEntry.WORKFLOW);
        });
    assertThat(records.escalations()).as("the first page's record, as any").hasSize(1);

    incident.acknowledge(new Acknowledge("alice", "api"));
    incident.resolve(new Resolve("alice", "api", "Fixed", List.of()));
    WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
    assertThat(pager.accepted("acknowledge")).extracting(RecordingPager.Event::pagerDutyService)
        .containsExactlyInAnyOrder("pd-primary", "pd-backup", "pd-retired");
    assertThat(pager.accepted("resolve")).extracting(RecordingPager.Event::pagerDutyService)
        .containsExactlyInAnyOrder("pd-primary", "pd-backup", "pd-retired");
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor("door-incident"), "incident",
        "first-page-at-door");
  }

  /**
   * Every service of level 1 paged at the door: the first workflow task schedules no trigger and no longer ends
   * early to let one out; the later levels are the workflow's as always.
   */
  @Test
  void withTheWholeFirstLevelPagedAtTheDoorTheWorkflowOwnsTheLaterLevels() {
    records.serve(setup(threeLevels(0)));
    IncidentWorkflow incident = open(incident("door-all-incident", Severity.SEV2)
        .withPagedAtDoor(new PagedAtDoor(List.of("pd-primary"), env.currentTimeMillis())));
    env.sleep(Duration.ofMinutes(6));

    assertThat(pager.accepted("trigger")).extracting(RecordingPager.Event::pagerDutyService)
        .containsExactly("pd-secondary");
    List<HistoryEvent> events = client.fetchHistory(IncidentIds.workflowIdFor("door-all-incident")).getEvents();
    assertThat(events).filteredOn(e -> e.hasTimerStartedEventAttributes()
            && e.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds() == 0)
        .as("no millisecond timer to let a page out").isEmpty();
    incident.acknowledge(new Acknowledge("alice", "api"));
    incident.resolve(new Resolve("alice", "api", "Fixed", List.of()));
    WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
    assertThat(pager.accepted("resolve")).extracting(RecordingPager.Event::pagerDutyService)
        .containsExactlyInAnyOrder("pd-primary", "pd-secondary");
  }

  @Test
  void aPostgresOutageFromTheFirstMomentDelaysNoPage() {
    records.serve(setup(threeLevels(0)));
    records.down(true);
    index.down(true);
    IncidentWorkflow incident = open("pg-down-incident", Severity.SEV3);
    long openedAt = env.currentTimeMillis();

    env.sleep(Duration.ofMinutes(20));

    List<RecordingPager.Event> pages = pager.accepted("trigger");
    assertThat(pages).isNotEmpty();
    assertThat(pages.getFirst().atMillis() - openedAt).as("opened -> first page, PostgreSQL down")
        .isLessThan(30_000);
    // The severity's default policy (the configured one could not be read), its levels on time.
    EscalationPolicy defaults = Severity.SEV3.defaultPolicy("payments");
    long secondLevelDue = defaults.level(EscalationStep.FIRST).ackTimeout().toMillis();
    if (pages.size() > 1) {
      assertThat(pages.get(1).atMillis() - pages.getFirst().atMillis()).isBetween(secondLevelDue, secondLevelDue + MINUTE / 2);
    }
    assertThat(incident.timeline()).filteredOn(e -> e.event() == TimelineEvent.INTEGRATION_FAILED)
        .extracting(TimelineEntry::text)
        .anyMatch(t -> t.startsWith("PostgreSQL gave up on 'load the escalation policy"));
    assertThat(index.records()).isEmpty();

    records.down(false);
    index.down(false);
    env.sleep(Duration.ofMinutes(3));
    assertThat(records.escalations()).as("written once PostgreSQL is back").isNotEmpty();
    assertThat(index.phasesOf(IncidentIds.workflowIdFor("pg-down-incident"))).contains(IncidentWorkflowImpl.OPEN);
  }

  /**
   * A cancel that reaches the incident while its first page goes out (the millisecond timer that ends the page's
   * workflow task) meets the runbook as before that timer existed: the run is recorded as cancelled and the page
   * stays sent, instead of the run ending before its tracking existed.
   */
  @Test
  void aCancelWhileTheFirstPageGoesOutIsRecordedAsACancelledRun() throws Exception {
    records.serve(setup(threeLevels(0)));
    records.holdSetup();
    IncidentWorkflow incident = open("cancelled-at-once", Severity.SEV2);
    String workflowId = IncidentIds.workflowIdFor("cancelled-at-once");
    records.awaitSetupRequested();
    // Arrives while the first workflow task is still open: the engine delivers it right after that task, whose
    // commands are the page and the millisecond timer.
    WorkflowStub.fromTyped(incident).cancel();
    records.releaseSetup();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class))
        .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    assertThat(index.lastOf(workflowId).status()).as("the run's close in the runs index")
        .isEqualTo(RunStatus.CANCELED);
    assertThat(pager.accepted("trigger")).hasSize(1);
    // Without the fix the cancel ended the run in the timer, before its tracking existed; the engine refused that
    // completion when the timer fired meanwhile (UnhandledCommand), a failed workflow task, and the retry only
    // recovered by the luck of that order.
    assertThat(client.fetchHistory(workflowId).getEvents()).extracting(HistoryEvent::getEventType)
        .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  }

  private IncidentWorkflow open(String dedupKey, Severity severity) {
    return open(incident(dedupKey, severity));
  }

  private IncidentWorkflow open(IncidentInput opening) {
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(IncidentIds.workflowIdFor(opening.dedupKey())).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(incident::respond, opening);
    return incident;
  }
}
