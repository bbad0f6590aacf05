package dev.pitcrew.workflows.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.run.Refusal;
import dev.pitcrew.workflows.run.RunStatus;
import dev.pitcrew.workflows.sla.SlaTestPorts.Sent;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TicketSlaWorkflowTest {
  private static final Instant MONDAY_9AM = Instant.parse("2026-03-02T09:00:00Z");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingRunIndex index;
  private SlaTestPorts.Policies policies;
  private SlaTestPorts.Records records;
  private SlaTestPorts.Notifications notifications;
  private long t0;

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setInitialTime(MONDAY_9AM).build());
    client = env.getWorkflowClient();
    startWorker(env.newWorker(TaskQueues.OPERATIONS), Set.of());
    env.start();
  }

  private void startWorker(Worker worker, Set<String> failingFirstAttempt) {
    worker.registerWorkflowImplementationTypes(TicketSlaWorkflowImpl.class);
    index = new RecordingRunIndex();
    policies = new SlaTestPorts.Policies();
    records = new SlaTestPorts.Records();
    notifications = new SlaTestPorts.Notifications(env::currentTimeMillis, failingFirstAttempt);
    worker.registerActivitiesImplementations(index, policies, records, notifications, new SlaTestPorts.Intake());
  }

  @AfterEach
  void stopEnvironment() {
    env.close();
  }

  private TicketSlaWorkflow open(String key, String priority) {
    TicketSlaWorkflow run =
        client.newWorkflowStub(
            TicketSlaWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TicketSlaWorkflow.workflowId(key))
                .setTaskQueue(TaskQueues.OPERATIONS)
                .build());
    t0 = env.currentTimeMillis();
    WorkflowClient.start(run::track,
        new TicketSlaInput(key, TicketSlaInput.SOURCE_JIRA, "Cannot log in", "player@example.com", priority, "Open",
            "account", List.of(), List.of(), null));
    return run;
  }

  private TicketSlaWorkflow open(String key, String priority, Integer continueAsNewAfterEvents) {
    TicketSlaWorkflow run = client.newWorkflowStub(TicketSlaWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(TicketSlaWorkflow.workflowId(key)).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(run::track, new TicketSlaInput(key, TicketSlaInput.SOURCE_JIRA, "Cannot log in",
        "player@example.com", priority, "Open", "account", List.of(), List.of(), null, null, null,
        continueAsNewAfterEvents));
    return run;
  }

  /**
   * A ticket paused and resumed many times continues as new whenever its history grows past the limit, carrying
   * its clocks: at the end its goals read exactly as those of the same ticket kept in one long history, and
   * decisions still reach it (and are refused with the reason when they cannot count).
   */
  @Test
  void aTicketPausedAndResumedManyTimesKeepsABoundedHistoryAndItsClocks() {
    int limit = 80;
    TicketSlaWorkflow bounded = open("SUP-50", "Medium", limit);
    TicketSlaWorkflow oneHistory = open("SUP-51", "Medium", null);
    String firstRunId = WorkflowStub.fromTyped(bounded).getExecution().getRunId();
    for (int i = 0; i < 30; i++) {
      env.sleep(Duration.ofMinutes(1));
      TicketEvent change = TicketEvent.status(i % 2 == 0 ? "Waiting for customer" : "In Progress");
      bounded.event(change);
      oneHistory.event(change);
    }
    env.sleep(Duration.ofMinutes(1));

    long asOf = env.currentTimeMillis();
    TicketSlaStatus continued = bounded.slaStatus(asOf);
    TicketSlaStatus kept = oneHistory.slaStatus(asOf);
    for (SlaGoal goal : SlaGoal.values()) {
      assertThat(goal(continued, goal).state()).isEqualTo(goal(kept, goal).state()).isEqualTo(GoalState.RUNNING);
      // Running in minutes 0-1, 2-3, ..., 28-29 and 30-31: 16 minutes of the 31.
      assertThat(goal(continued, goal).elapsedMillis())
          .isCloseTo(Duration.ofMinutes(16).toMillis(), signalLatency())
          .isCloseTo(goal(kept, goal).elapsedMillis(), signalLatency());
    }

    List<HistoryEvent> firstRun = client.fetchHistory(TicketSlaWorkflow.workflowId("SUP-50"), firstRunId).getEvents();
    assertThat(firstRun.getLast().hasWorkflowExecutionContinuedAsNewEventAttributes()).isTrue();
    assertThat(firstRun).as("continued as new at the limit, between events").hasSizeLessThan(limit + 40);
    List<HistoryEvent> current = client.fetchHistory(TicketSlaWorkflow.workflowId("SUP-50")).getEvents();
    assertThat(current.getFirst().getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId())
        .isNotEmpty();
    assertThat(current).hasSizeLessThan(limit + 40);
    assertThat(client.fetchHistory(TicketSlaWorkflow.workflowId("SUP-51")).getEvents())
        .as("the same ticket without the limit").hasSizeGreaterThan(limit + 40);

    TicketSlaStatus resolved = bounded.applyEvent(TicketEvent.resolve("alice"));
    assertThat(resolved.resolved()).isTrue();
    assertThatThrownBy(() -> bounded.applyEvent(TicketEvent.resolve("bob")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, refusal -> {
          assertThat(Refusal.ofType(refusal.getType())).contains(Refusal.ALREADY_DECIDED);
          assertThat(refusal.getOriginalMessage()).isEqualTo("the ticket is already resolved");
        });
    assertThat(records.outcomes).filteredOn(o -> o.ticketKey().equals("SUP-50")).hasSize(2);
  }

  /** Workflow time when the first cycle's clocks started: deadlines are exact relative to it. */
  private long at(Duration sinceStart) {
    return records.snapshots.getFirst().updatedAtMillis() + sinceStart.toMillis();
  }

  /**
   * Test time moves on in real time between skips, so a signal sent "at 5 minutes" lands a few milliseconds
   * either side; business time measured between signals is compared with that tolerance.
   */
  private static org.assertj.core.data.Offset<Long> signalLatency() {
    return org.assertj.core.data.Offset.offset(5000L);
  }

  private void sleepUntil(Duration sinceStart) {
    env.sleep(Duration.ofMillis(t0 + sinceStart.toMillis() - env.currentTimeMillis()));
  }

  private static GoalStatus goal(TicketSlaStatus status, SlaGoal goal) {
    return status.goals().stream().filter(g -> g.goal() == goal).findFirst().orElseThrow();
  }

  private List<Sent> warningsOf(SlaGoal goal) {
    return notifications.of("warn").stream().filter(s -> s.goal() == goal).toList();
  }

  /**
   * A run recovered after its engine was lost: it goes on with the recorded clocks (started 12 minutes ago, a
   * 10-minute first response), so the breach that fell due while no engine ran fires at once with its original due
   * time, the 90 % warning that came too late is skipped, and nothing is routed, assigned or acknowledged again.
   */
  @Test
  void aRecoveredRunGoesOnWithTheRecordedClocksAndFiresTheMissedBreachAtOnce() {
    long started = env.currentTimeMillis() - Duration.ofMinutes(12).toMillis();
    List<ClockRecord> clocks = List.of(
        new ClockRecord(SlaGoal.FIRST_RESPONSE, Duration.ofMinutes(10).toMillis(), started, 0, started, -1, false,
            List.of(75)),
        new ClockRecord(SlaGoal.RESOLUTION, Duration.ofHours(1).toMillis(), started, 0, started, -1, false,
            List.of()));
    TicketSlaWorkflow run =
        client.newWorkflowStub(
            TicketSlaWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TicketSlaWorkflow.workflowId("SUP-9"))
                .setTaskQueue(TaskQueues.OPERATIONS)
                .build());
    WorkflowClient.start(run::track,
        new TicketSlaInput("SUP-9", TicketSlaInput.SOURCE_JIRA, "Cannot log in", "player@example.com", "High", "Open",
            "account", List.of(), List.of(), "alice", new RecoveredSla(1, clocks, "lost-run-id")));
    env.sleep(Duration.ofSeconds(5));

    assertThat(records.breaches).singleElement().satisfies(b -> {
      assertThat(b.goal()).isEqualTo(SlaGoal.FIRST_RESPONSE);
      assertThat(b.dueAtMillis()).isEqualTo(started + Duration.ofMinutes(10).toMillis());
    });
    assertThat(notifications.of("warn")).as("too late to help: the breach says it all").isEmpty();
    assertThat(notifications.of("acknowledge")).isEmpty();
    assertThat(notifications.of("assign")).isEmpty();
    TicketSlaStatus status = run.slaStatus(0);
    assertThat(status.cycle()).isEqualTo(1);
    assertThat(goal(status, SlaGoal.FIRST_RESPONSE).state()).isEqualTo(GoalState.BREACHED);
    assertThat(goal(status, SlaGoal.RESOLUTION).dueAt())
        .isEqualTo(Instant.ofEpochMilli(started + Duration.ofHours(1).toMillis()).toString());
    assertThat(records.last().clocks()).anySatisfy(c -> {
      assertThat(c.goal()).isEqualTo(SlaGoal.FIRST_RESPONSE);
      assertThat(c.breached()).isTrue();
      assertThat(c.startedAtMillis()).isEqualTo(started);
    });
    HistoryReplay.recordIfRequested(client, "ticket-sla-SUP-9", "sla", "recovered-clocks");
  }

  @Test
  void warnsAtEachThresholdThenBreachesOnTheSecond() {
    TicketSlaWorkflow run = open("SUP-1", "High");

    sleepUntil(Duration.ofMinutes(7));
    assertThat(notifications.of("warn")).isEmpty();
    assertThat(notifications.of("acknowledge")).extracting(Sent::detail).containsExactly("player@example.com");
    assertThat(notifications.of("assign")).extracting(Sent::detail).containsExactly("alice");

    sleepUntil(Duration.ofMinutes(11));
    List<Sent> warnings = warningsOf(SlaGoal.FIRST_RESPONSE);
    assertThat(warnings).extracting(Sent::percent).containsExactly(75, 90);
    assertThat(warnings).extracting(Sent::dueAtMillis)
        .containsExactly(at(Duration.ofSeconds(450)), at(Duration.ofSeconds(540)));
    assertThat(warnings).allSatisfy(w -> assertThat(w.atMillis() - w.dueAtMillis()).isBetween(0L, 1000L));

    assertThat(records.breaches).singleElement().satisfies(b -> {
      assertThat(b.goal()).isEqualTo(SlaGoal.FIRST_RESPONSE);
      assertThat(b.dueAtMillis()).isEqualTo(at(Duration.ofMinutes(10)));
    });
    assertThat(notifications.of("slack")).singleElement().satisfies(s -> {
      assertThat(s.detail()).isEqualTo("#support-sla");
      assertThat(s.atMillis() - at(Duration.ofMinutes(10))).isBetween(0L, 1000L);
    });
    assertThat(notifications.of("page")).as("High does not page").isEmpty();

    TicketSlaStatus status = run.slaStatus(at(Duration.ofMinutes(11)));
    assertThat(goal(status, SlaGoal.FIRST_RESPONSE).state()).isEqualTo(GoalState.BREACHED);
    assertThat(goal(status, SlaGoal.FIRST_RESPONSE).remainingMillis()).isEqualTo(-Duration.ofMinutes(1).toMillis());
    assertThat(goal(status, SlaGoal.RESOLUTION).state()).isEqualTo(GoalState.RUNNING);
    assertThat(goal(status, SlaGoal.RESOLUTION).elapsedMillis()).isEqualTo(Duration.ofMinutes(11).toMillis());
    assertThat(goal(status, SlaGoal.RESOLUTION).dueAt()).isEqualTo(Instant.ofEpochMilli(at(Duration.ofHours(1))).toString());
    assertThat(status.slaState()).isEqualTo(GoalState.BREACHED);
    assertThat(records.last().slaState()).isEqualTo(GoalState.BREACHED);
    assertThat(index.lastOf("ticket-sla-SUP-1").labels().service()).isEqualTo("support");
    HistoryReplay.recordIfRequested(client, "ticket-sla-SUP-1", "sla", "warning-then-breach");
  }

  @Test
  void aFirstResponseBeforeTheWarningMeetsTheGoalSilently() {
    TicketSlaWorkflow run = open("SUP-2", "High");
    sleepUntil(Duration.ofMinutes(5));

    run.event(TicketEvent.firstResponse("alice"));
    sleepUntil(Duration.ofMinutes(30));

    assertThat(warningsOf(SlaGoal.FIRST_RESPONSE)).isEmpty();
    assertThat(records.breaches).isEmpty();
    assertThat(records.outcomes).singleElement().satisfies(o -> {
      assertThat(o.goal()).isEqualTo(SlaGoal.FIRST_RESPONSE);
      assertThat(o.met()).isTrue();
      assertThat(o.elapsedMillis()).isCloseTo(Duration.ofMinutes(5).toMillis(), signalLatency());
    });
    TicketSlaStatus status = run.slaStatus(0);
    assertThat(goal(status, SlaGoal.FIRST_RESPONSE).state()).isEqualTo(GoalState.MET);
    assertThat(goal(status, SlaGoal.RESOLUTION).state()).isEqualTo(GoalState.RUNNING);
  }

  @Test
  void pausedTimeDoesNotCountAndResumingMovesTheDeadline() {
    TicketSlaWorkflow run = open("SUP-3", "High");
    sleepUntil(Duration.ofMinutes(4));

    run.event(TicketEvent.status("Waiting for customer"));
    sleepUntil(Duration.ofMinutes(34));
    TicketSlaStatus paused = run.slaStatus(at(Duration.ofMinutes(34)));
    assertThat(goal(paused, SlaGoal.FIRST_RESPONSE).state()).isEqualTo(GoalState.PAUSED);
    assertThat(goal(paused, SlaGoal.FIRST_RESPONSE).elapsedMillis())
        .isCloseTo(Duration.ofMinutes(4).toMillis(), signalLatency());
    assertThat(goal(paused, SlaGoal.FIRST_RESPONSE).dueAt()).isNull();
    assertThat(records.breaches).as("would have breached at 10 minutes without the pause").isEmpty();
    assertThat(index.phasesOf("ticket-sla-SUP-3")).containsSubsequence("Open", "Paused");

    run.event(TicketEvent.status("In Progress"));
    sleepUntil(Duration.ofMinutes(41));

    assertThat(records.breaches).singleElement()
        .satisfies(b -> assertThat(b.dueAtMillis()).isCloseTo(at(Duration.ofMinutes(40)), signalLatency()));
    assertThat(index.phasesOf("ticket-sla-SUP-3")).containsSubsequence("Open", "Paused", "Open");
    HistoryReplay.recordIfRequested(client, "ticket-sla-SUP-3", "sla", "pause-and-resume");
  }

  @Test
  void raisingThePriorityMidCycleRecomputesGoalsFromTheTimeAlreadyUsed() {
    TicketSlaWorkflow run = open("SUP-4", "Medium");
    sleepUntil(Duration.ofMinutes(5));

    run.event(TicketEvent.priority("High"));
    sleepUntil(Duration.ofMinutes(11));
    assertThat(records.breaches).singleElement().satisfies(b -> {
      assertThat(b.priority()).isEqualTo("High");
      assertThat(b.dueAtMillis()).as("High's 10 minutes, not Medium's hour").isEqualTo(at(Duration.ofMinutes(10)));
    });
    assertThat(policies.requested).containsExactly("Medium", "High");

    // 35 minutes used of Highest's 30-minute resolution goal: breached the moment the priority changes.
    sleepUntil(Duration.ofMinutes(35));
    run.event(TicketEvent.priority("Highest"));
    env.sleep(Duration.ofSeconds(1));
    assertThat(records.breaches).hasSize(2);
    SlaAlert resolutionBreach = records.breaches.get(1);
    assertThat(resolutionBreach.goal()).isEqualTo(SlaGoal.RESOLUTION);
    assertThat(resolutionBreach.goalMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
    assertThat(notifications.of("page")).as("Highest pages").hasSize(1);
    HistoryReplay.recordIfRequested(client, "ticket-sla-SUP-4", "sla", "priority-raised");
  }

  @Test
  void resolvingStopsBothClocksRecordsOutcomesAndTheRunEndsAfterTheReopenWindow() {
    TicketSlaWorkflow run = open("SUP-5", "High");
    sleepUntil(Duration.ofMinutes(3));
    run.event(TicketEvent.firstResponse("alice"));
    sleepUntil(Duration.ofMinutes(50));
    run.event(TicketEvent.resolve("alice"));

    TicketSlaResult result = WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class);

    assertThat(result.cycles()).isEqualTo(1);
    assertThat(result.outcomes()).extracting(GoalOutcome::goal, GoalOutcome::met)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SlaGoal.FIRST_RESPONSE, true),
            org.assertj.core.groups.Tuple.tuple(SlaGoal.RESOLUTION, true));
    assertThat(result.outcomes().get(0).elapsedMillis()).isCloseTo(Duration.ofMinutes(3).toMillis(), signalLatency());
    assertThat(result.outcomes().get(1).elapsedMillis()).isCloseTo(Duration.ofMinutes(50).toMillis(), signalLatency());
    assertThat(records.outcomes).hasSize(2);
    assertThat(warningsOf(SlaGoal.RESOLUTION)).extracting(Sent::percent).containsExactly(75);
    assertThat(records.last().resolved()).isTrue();
    assertThat(index.lastOf("ticket-sla-SUP-5").status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(index.lastOf("ticket-sla-SUP-5").outcome()).isEqualTo("SUP-5: 1 cycle, 2 goals, 0 breached");
    HistoryReplay.recordIfRequested(client, "ticket-sla-SUP-5", "sla", "resolved");
  }

  @Test
  void anUpdateToATicketThatIsAlreadyResolvedMeasuresNothing() {
    TicketSlaWorkflow run =
        client.newWorkflowStub(
            TicketSlaWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TicketSlaWorkflow.workflowId("SUP-6"))
                .setTaskQueue(TaskQueues.OPERATIONS)
                .build());
    // What JIRA's issue_updated for Resolved -> Done looks like once the ticket's run has ended.
    WorkflowClient.start(run::track,
        new TicketSlaInput("SUP-6", TicketSlaInput.SOURCE_JIRA, "Cannot log in", "player@example.com", "High", "Done",
            "account", List.of(), List.of(), null));

    TicketSlaResult result = WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class);

    assertThat(result.cycles()).isZero();
    assertThat(result.outcomes()).isEmpty();
    assertThat(records.outcomes).as("no goal outcomes for the report").isEmpty();
    assertThat(notifications.of("acknowledge")).as("the requester is not told we received it").isEmpty();
    assertThat(index.lastOf("ticket-sla-SUP-6").status()).isEqualTo(RunStatus.COMPLETED);
    HistoryReplay.recordIfRequested(client, "ticket-sla-SUP-6", "sla", "already-resolved");
  }

  @Test
  void reopeningStartsANewCycleWithFreshClocks() {
    TicketSlaWorkflow run = open("SUP-6", "High");
    sleepUntil(Duration.ofMinutes(2));
    run.event(TicketEvent.status("Resolved"));
    sleepUntil(Duration.ofMinutes(60));
    assertThat(records.outcomes).extracting(GoalOutcome::met).containsExactly(true, true);

    run.event(TicketEvent.status("Reopened"));
    sleepUntil(Duration.ofMinutes(71));

    assertThat(records.breaches).singleElement().satisfies(b -> {
      assertThat(b.cycle()).isEqualTo(2);
      assertThat(b.dueAtMillis()).isCloseTo(at(Duration.ofMinutes(70)), signalLatency());
    });
    TicketSlaStatus status = run.slaStatus(env.currentTimeMillis());
    assertThat(status.cycle()).isEqualTo(2);
    assertThat(status.resolved()).isFalse();
    assertThat(goal(status, SlaGoal.RESOLUTION).elapsedMillis())
        .isCloseTo(Duration.ofMinutes(11).toMillis(), signalLatency());
    HistoryReplay.recordIfRequested(client, "ticket-sla-SUP-6", "sla", "reopened");
  }

  @Test
  void breachActionsThatFailOnceAreRetriedAndEachRunsOnce() {
    env.close();
    env = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setInitialTime(MONDAY_9AM).build());
    client = env.getWorkflowClient();
    startWorker(env.newWorker(TaskQueues.OPERATIONS), Set.of("slack", "page", "raise", "assign", "warn"));
    policies.byPriority.put("High", SlaTestPorts.terms("High", Duration.ofMinutes(10), Duration.ofMinutes(60),
        new BreachActions("#support-sla", "Highest", "carol", true)));
    env.start();

    TicketSlaWorkflow run = open("SUP-7", "High");
    sleepUntil(Duration.ofMinutes(12));

    Map<String, Integer> sent = SlaTestPorts.counts(notifications.sent);
    assertThat(sent).containsEntry("slack", 1).containsEntry("page", 1).containsEntry("raise", 1);
    // Once by routing (alice), once by the breach action (carol).
    assertThat(notifications.of("assign")).extracting(Sent::detail).containsExactly("alice", "carol");
    assertThat(notifications.attempts).containsEntry("slack", 2).containsEntry("page", 2).containsEntry("raise", 2)
        .containsEntry("assign", 3);
    assertThat(notifications.of("raise")).extracting(Sent::detail).containsExactly("Highest");
    TicketSlaStatus status = run.slaStatus(0);
    assertThat(status.priority()).isEqualTo("Highest");
    assertThat(status.assignee()).isEqualTo("carol");
    HistoryReplay.recordIfRequested(client, "ticket-sla-SUP-7", "sla", "breach-actions-retried");
  }
}
