package dev.pitcrew.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.run.RunProgress;
import dev.pitcrew.workflows.run.RunStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.failure.CanceledFailure;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A drill's schedule on Temporal's test server with time skipping: cron firings, overlap skipped, pause/resume. */
@Timeout(120) // a hang on the test server fails the test instead of the build
class DrillScheduleWorkflowTest {
  private static final String DRILL = "game-db";

  /** The drill the schedule starts, as Temporal sees it: a run that takes 90 minutes of workflow time. */
  public static class NinetyMinuteDrill implements DrillWorkflow {
    @Override
    public DrillReport run(DrillRequest request) {
      Workflow.sleep(Duration.ofMinutes(90));
      return null;
    }

    @Override
    public DrillReport report() {
      return null;
    }

    @Override
    public DrillReport approveRecovery(RecoveryDecision decision) {
      return null;
    }

    @Override
    public void validateApproveRecovery(RecoveryDecision decision) {}

    @Override
    public DrillReport rejectRecovery(RecoveryDecision decision) {
      return null;
    }

    @Override
    public void validateRejectRecovery(RecoveryDecision decision) {}

    @Override
    public String phase() {
      return "Restoring";
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final RecordingRunIndex index = new RecordingRunIndex();
  private WorkflowExecution firstRun;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(DrillScheduleWorkflowImpl.class, NinetyMinuteDrill.class);
    worker.registerActivitiesImplementations(index);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void firesHourlyAndSkipsAFiringWhileTheDrillStillRuns() {
    DrillScheduleWorkflow schedule = startSchedule(new DrillSchedule("0 * * * *", "UTC", 0));

    sleepUntilMinutesPastTheNextHour(5); // fired at the hour
    DrillScheduleView first = schedule.view();
    assertThat(first.fired()).as(first.toString()).isEqualTo(1);
    assertThat(first.skipped()).as(first.toString()).isZero();
    assertThat(first.lastOutcome()).startsWith("started run ");

    HistoryReplay.recordIfRequested(client, firstRun.getWorkflowId(), firstRun.getRunId(), "drill-schedule", "fired");

    env.sleep(Duration.ofMinutes(120));
    DrillScheduleView view = schedule.view();
    assertThat(view.fired()).as(view.toString()).isEqualTo(2); // hour 1 and hour 3
    assertThat(view.skipped()).as(view.toString()).isEqualTo(1); // hour 2: the first run still had 30 minutes to go
    assertThat(view.lastOutcome()).startsWith("started run ");
    assertThat(client.fetchHistory(DrillScheduleWorkflow.workflowId(DRILL)).getEvents())
        .as("continued as new at every firing: a short history").hasSizeLessThan(40);
  }

  @Test
  void listsItsNextRunsInItsTimeZone() {
    DrillScheduleWorkflow schedule = startSchedule(new DrillSchedule("30 3 * * *", "Europe/Berlin", 0));

    List<Long> next = schedule.view().nextRunsMillis();

    assertThat(next).hasSize(5);
    assertThat(next).allSatisfy(t -> {
      ZonedDateTime berlin = Instant.ofEpochMilli(t).atZone(ZoneId.of("Europe/Berlin"));
      assertThat(berlin.getHour()).isEqualTo(3);
      assertThat(berlin.getMinute()).isEqualTo(30);
    });
    assertThat(Instant.ofEpochMilli(next.get(0)))
        .isBetween(Instant.ofEpochMilli(env.currentTimeMillis()),
            Instant.ofEpochMilli(env.currentTimeMillis()).plus(1, ChronoUnit.DAYS));
  }

  @Test
  void pausedItDoesNotFireAndResumedItDoes() {
    DrillScheduleWorkflow schedule = startSchedule(new DrillSchedule("0 * * * *", "UTC", 300));

    DrillScheduleView paused = schedule.pause("alice");
    assertThat(paused.paused()).isTrue();
    assertThat(paused.nextRunsMillis()).isEmpty();
    assertThatThrownBy(() -> schedule.pause("bob")).isInstanceOf(WorkflowUpdateException.class)
        .rootCause().hasMessageContaining("already paused");
    assertThatThrownBy(() -> schedule.trigger(" ")).isInstanceOf(WorkflowUpdateException.class)
        .rootCause().hasMessageContaining("who made it");

    env.sleep(Duration.ofHours(3));
    assertThat(schedule.view().fired()).isZero();
    HistoryReplay.recordIfRequested(client, firstRun.getWorkflowId(), firstRun.getRunId(), "drill-schedule", "paused");

    schedule.resume("alice");
    env.sleep(Duration.ofMinutes(66)); // the next hour, plus at most 5 minutes of jitter
    assertThat(schedule.view().fired()).isEqualTo(1);
  }

  @Test
  void aPauseThatArrivesWithTheFirstTaskFindsTheSchedule() {
    // Update-with-start delivers the pause in the run's first workflow task, before keep() runs: what a busy engine
    // does to an update sent right after a start. The handler must find the schedule, not a null.
    DrillScheduleWorkflow schedule = client.newWorkflowStub(DrillScheduleWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(DrillScheduleWorkflow.workflowId(DRILL)).setTaskQueue(TaskQueues.OPERATIONS)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL).build());
    DrillScheduleView paused = WorkflowClient.executeUpdateWithStart(schedule::pause, "alice",
        UpdateOptions.<DrillScheduleView>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(schedule::keep, DrillScheduleState.start(DRILL,
            new DrillSchedule("0 * * * *", "UTC", 0))));

    assertThat(paused.paused()).isTrue();
    env.sleep(Duration.ofHours(3));
    DrillScheduleView view = client.newWorkflowStub(DrillScheduleWorkflow.class, DrillScheduleWorkflow.workflowId(DRILL))
        .view();
    assertThat(view.paused()).isTrue();
    assertThat(view.fired()).isZero();
  }

  @Test
  void triggerNowStartsTheDrillOutsideTheCron() {
    DrillScheduleWorkflow schedule = startSchedule(new DrillSchedule("0 3 1 1 *", "UTC", 0));

    schedule.trigger("alice");
    env.sleep(Duration.ofSeconds(5));

    assertThat(schedule.view().fired()).isEqualTo(1);
    assertThat(client.fetchHistory(DrillWorkflow.workflowId(DRILL)).getEvents().get(0)
        .getWorkflowExecutionStartedEventAttributes().getParentWorkflowExecution().getWorkflowId())
        .as("the drill run was started by the schedule").isEqualTo(DrillScheduleWorkflow.workflowId(DRILL));
  }

  @Test
  void stoppedItRecordsItsEndAndLeavesTheRunningDrillAlone() {
    DrillScheduleWorkflow schedule = startSchedule(new DrillSchedule("0 * * * *", "UTC", 0));
    sleepUntilMinutesPastTheNextHour(5); // fired at the hour; the drill runs 90 minutes

    WorkflowStub.fromTyped(schedule).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(schedule).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    RunProgress last = index.lastOf(DrillScheduleWorkflow.workflowId(DRILL));
    assertThat(last.status()).isEqualTo(RunStatus.CANCELED);
    assertThat(last.phase()).isEqualTo("Stopped");
    assertThat(last.outcome()).isEqualTo("Schedule of drill game-db stopped after 1 runs");
    assertThat(client.fetchHistory(DrillWorkflow.workflowId(DRILL)).getEvents())
        .as("the drill run it started is abandoned, not cancelled with it")
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    HistoryReplay.recordIfRequested(client, DrillScheduleWorkflow.workflowId(DRILL), null, "drill-schedule", "stopped");
  }

  /**
   * Test time starts at the wall clock's: sleeping a fixed span from there would cross one hour boundary or two
   * depending on when the test runs.
   */
  private void sleepUntilMinutesPastTheNextHour(int minutes) {
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    Instant target = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS).plus(minutes, ChronoUnit.MINUTES);
    env.sleep(Duration.between(now, target));
  }

  private DrillScheduleWorkflow startSchedule(DrillSchedule cron) {
    DrillScheduleWorkflow schedule = client.newWorkflowStub(DrillScheduleWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(DrillScheduleWorkflow.workflowId(DRILL)).setTaskQueue(TaskQueues.OPERATIONS).build());
    firstRun = WorkflowClient.start(schedule::keep, DrillScheduleState.start(DRILL, cron));
    return client.newWorkflowStub(DrillScheduleWorkflow.class, DrillScheduleWorkflow.workflowId(DRILL));
  }
}
