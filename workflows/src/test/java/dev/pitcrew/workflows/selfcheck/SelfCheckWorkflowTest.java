package dev.pitcrew.workflows.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.run.RunCost;
import dev.pitcrew.workflows.run.RunStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SelfCheckWorkflowTest {
  private static final ProbeReport PROBE = new ProbeReport("worker-1", "PostgreSQL 17.11", 420);

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingRunIndex index;

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(SelfCheckWorkflowImpl.class);
    index = new RecordingRunIndex();
    worker.registerActivitiesImplementations(index, (SelfCheckActivities) () -> PROBE);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopEnvironment() {
    env.close();
  }

  private SelfCheckWorkflow newRun(String id) {
    return client.newWorkflowStub(
        SelfCheckWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.OPERATIONS).build());
  }

  @Test
  void probesHoldsAndCompletesRecordingEveryPhase() {
    SelfCheckResult result = newRun("selfcheck-hold").check(new SelfCheckInput("after upgrade", 90, false, 0));

    assertThat(result.probe()).isEqualTo(PROBE);
    assertThat(result.heldSeconds()).isEqualTo(90);
    assertThat(index.phasesOf("selfcheck-hold")).containsExactly("Probing", "Holding", "Completed");
    assertThat(index.lastOf("selfcheck-hold").status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(index.lastOf("selfcheck-hold").outcome()).contains("worker-1", "PostgreSQL 17.11");
    assertThat(index.records()).extracting(r -> r.sequence()).containsExactly(1, 2, 3);
    HistoryReplay.recordIfRequested(client, "selfcheck-hold", "selfcheck", "hold-and-complete");
  }

  /**
   * The cost of a typical self-check is that of the bare SDK program it is compared with (one activity, one
   * timer): three workflow tasks and one activity. The runs-index writes are local activities inside those tasks.
   */
  @Test
  void aTypicalRunCostsWhatABareSdkRunCosts() {
    newRun("selfcheck-cost").check(new SelfCheckInput("cost", 5, false, 0));

    RunCost cost = RunCost.of(client, "selfcheck-cost");
    assertThat(cost.workflowTasks()).as("workflow tasks").isLessThanOrEqualTo(3);
    assertThat(cost.activities()).as("activities").isEqualTo(1);
    assertThat(cost.activityTypes()).containsExactly("ProbeWorkerDependencies");
    assertThat(cost.localActivities()).as("index writes").isEqualTo(3);
    assertThat(index.phasesOf("selfcheck-cost")).containsExactly("Probing", "Holding", "Completed");
    HistoryReplay.recordIfRequested(client, "selfcheck-cost", "selfcheck", "hold-and-complete-background");
  }

  /**
   * PostgreSQL down: the probe and the timer go ahead at once; each index write falls back to a durable activity
   * with bounded retries, and the one given up is on the run's history (its timeline) as a failed activity.
   */
  @Test
  void aRunsIndexOutageHoldsNoStepUp() {
    index.down(true);
    newRun("selfcheck-pg-down").check(new SelfCheckInput("outage", 5, false, 0));

    RunCost cost = RunCost.of(client, "selfcheck-pg-down");
    var probeDone = cost.first(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).orElseThrow();
    var holdStarted = cost.first(EventType.EVENT_TYPE_TIMER_STARTED).orElseThrow();
    assertThat(java.time.Duration.between(RunCost.time(probeDone), RunCost.time(holdStarted)))
        .as("probe done -> hold started, with PostgreSQL down").isLessThan(java.time.Duration.ofSeconds(5));
    assertThat(cost.givenUpActivityTypes()).contains("RecordRunProgress");
    assertThat(index.records()).isEmpty();
  }

  @Test
  void waitsForConfirmationSignalAndReportsWhoConfirmed() {
    SelfCheckWorkflow run = newRun("selfcheck-confirm");
    WorkflowClient.start(run::check, new SelfCheckInput("smoke", 0, true, 3600));
    env.sleep(Duration.ofMinutes(5));
    assertThat(run.phase()).isEqualTo("AwaitingConfirmation");

    run.confirm(new Confirmation("alice", "looks good"));
    SelfCheckResult result = WorkflowStub.fromTyped(run).getResult(SelfCheckResult.class);

    assertThat(result.confirmation().by()).isEqualTo("alice");
    assertThat(index.lastOf("selfcheck-confirm").outcome()).endsWith("confirmed by alice");
    HistoryReplay.recordIfRequested(client, "selfcheck-confirm", "selfcheck", "confirmed");
  }

  @Test
  void failsWhenNobodyConfirmsInTime() {
    SelfCheckWorkflow run = newRun("selfcheck-timeout");

    assertThatThrownBy(() -> run.check(new SelfCheckInput("smoke", 0, true, 60)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("No confirmation within 60s");
    assertThat(index.lastOf("selfcheck-timeout").status()).isEqualTo(RunStatus.FAILED);
    assertThat(index.lastOf("selfcheck-timeout").outcome()).contains("AwaitingConfirmation");
  }

  @Test
  void cancellationIsRecordedInTheIndex() {
    SelfCheckWorkflow run = newRun("selfcheck-cancel");
    WorkflowClient.start(run::check, new SelfCheckInput("smoke", 600, false, 0));
    env.sleep(Duration.ofSeconds(30));

    WorkflowStub.fromTyped(run).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(SelfCheckResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(index.lastOf("selfcheck-cancel").status()).isEqualTo(RunStatus.CANCELED);
    assertThat(index.lastOf("selfcheck-cancel").outcome()).isEqualTo("Cancelled at phase Holding");
    HistoryReplay.recordIfRequested(client, "selfcheck-cancel", "selfcheck", "cancelled");
  }
}
