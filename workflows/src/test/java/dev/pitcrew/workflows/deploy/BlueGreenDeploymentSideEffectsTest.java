package dev.pitcrew.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.SlackMessageRef;
import dev.pitcrew.workflows.chatops.SlackMessages;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.run.RunCost;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The side-effect policy for deployments: the runs index and the Slack message never hold a phase up. A typical
 * run's cost is asserted from its history; with Slack or PostgreSQL down, the traffic switch follows the approval
 * and the rollback follows its decision at once, and the given-up side effect is on the run's history (timeline).
 */
class BlueGreenDeploymentSideEffectsTest {
  private static final String SERVICE = "game-api";
  private static final ChatOpsContext CHAT =
      new ChatOpsContext("C0GAMEAPI", "U0ALICE", "https://pitcrew.example/api/v1/runs/", null);
  private static final BlueGreenStrategy SHORT_WINDOWS =
      new BlueGreenStrategy(null, null, null, 60, 60, null, 10, null, null, null, null);
  private static final Duration AT_ONCE = Duration.ofSeconds(30);

  /** Slack as the workflow sees it: up, or answering every call with a retryable 503. */
  static final class SwitchableSlack implements SlackMessages {
    volatile boolean down;
    volatile int calls;

    @Override
    public SlackMessageRef post(String channel, RunCard card) {
      answer();
      return new SlackMessageRef(channel, "1700000000.000100");
    }

    @Override
    public void update(SlackMessageRef message, RunCard card) {
      answer();
    }

    @Override
    public void reply(SlackMessageRef message, String text) {
      answer();
    }

    private void answer() {
      calls++;
      if (down) {
        throw ApplicationFailure.newFailure("Slack answered 503", "SlackUnavailable");
      }
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingRunIndex index;
  private SwitchableSlack slack;
  private FakeCluster cluster;
  private RecordingDeploymentRecords records;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(BlueGreenDeploymentWorkflowImpl.class);
    index = new RecordingRunIndex();
    slack = new SwitchableSlack();
    cluster = FakeCluster.serving(SERVICE, "registry.example/game-api:v1", 2);
    records = new RecordingDeploymentRecords();
    worker.registerActivitiesImplementations(index, slack, cluster, new ScriptedAnalysis(),
        new RecordingDeploymentMetrics(), records);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  /**
   * An approved production deployment: the steps it exists for (prepare, wait ready, switch, scale the previous
   * colour down, the outcome metric) are its only activities; the six index writes are local activities.
   * Before the side-effect policy: 14 workflow tasks and 11 activities (histories/deploy/approved.json).
   */
  @Test
  void anApprovedDeploymentCostsOnlyItsSteps() {
    BlueGreenDeploymentWorkflow run = start("production", null);
    env.sleep(Duration.ofMinutes(1));
    run.approve(new OperatorDecision("bob", "release notes checked"));
    assertThat(result(run).phase()).isEqualTo("Promoted");

    RunCost cost = RunCost.of(client, id("production"));
    assertThat(cost.activityTypes()).containsExactly("PrepareGreenDeployment", "AwaitDeploymentReady",
        "PointServiceAtColour", "ScaleDeployment", "RecordDeploymentOutcome");
    // Nine at most: the first, one per activity result, the approval and the rollback window's timer; when two
    // of them land together they share a task. None is an index write's.
    assertThat(cost.workflowTasks()).as("workflow tasks").isLessThanOrEqualTo(1 + cost.wakeUps()).isLessThanOrEqualTo(9);
    assertThat(cost.localActivities()).as("index writes and deployment records")
        .isEqualTo(6 + records.records().size());
    HistoryReplay.recordIfRequested(client, id("production"), "deploy", "approved-background");
  }

  /**
   * The deployment's row follows it: written at the start (who asked, which image), at every phase (what it waits
   * for, where traffic is) and at the end, in order, as local activities; the console's boards read it there.
   */
  @Test
  void theDeploymentIsRecordedAtItsStartEveryPhaseAndItsEnd() {
    BlueGreenDeploymentWorkflow run = start("production", null);
    env.sleep(Duration.ofMinutes(1));
    DeploymentRecord waiting = records.records().getLast();
    assertThat(waiting.status().phase()).isEqualTo("AwaitingApproval");
    assertThat(waiting.status().awaiting()).isNotBlank();
    assertThat(waiting.status().strategy().forbidSelfApproval()).isTrue();
    assertThat(waiting.status().requestedBy()).isEqualTo(records.records().getFirst().status().requestedBy())
        .isNotBlank();

    run.approve(new OperatorDecision("bob", "release notes checked"));
    assertThat(result(run).phase()).isEqualTo("Promoted");
    DeploymentRecord last = records.records().getLast();
    assertThat(last.status().phase()).isEqualTo("Promoted");
    assertThat(last.status().trafficOn()).isEqualTo(last.status().newColour()).isNotNull();
    assertThat(last.status().outcome()).isNotBlank();
    assertThat(records.records()).extracting(DeploymentRecord::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(records.records()).extracting(DeploymentRecord::runId).containsOnly(last.runId());
    HistoryReplay.recordIfRequested(client, id("production"), "deploy", "recorded-approved");
  }

  @Test
  void aSlackOutageDelaysNeitherTheSwitchNorTheRollback() {
    slack.down = true;
    RunCost cost = approvedThenRolledBack(start("production", CHAT));
    assertThat(cost.givenUpActivityTypes()).as("the given-up Slack calls are on the run's history")
        .contains("SlackPostRunMessage");
    assertThat(slack.calls).isGreaterThan(1);
  }

  @Test
  void aRunsIndexOutageDelaysNeitherTheSwitchNorTheRollback() {
    index.down(true);
    RunCost cost = approvedThenRolledBack(start("production", null));
    assertThat(cost.givenUpActivityTypes()).as("the given-up index writes are on the run's history")
        .contains("RecordRunProgress");
    assertThat(index.records()).isEmpty();
  }

  /**
   * Approved after a minute and rolled back 20 s later, to its end: the traffic switch of each decision follows it at
   * once, whatever side effect is down.
   */
  private RunCost approvedThenRolledBack(BlueGreenDeploymentWorkflow run) {
    env.sleep(Duration.ofMinutes(1));
    run.approve(new OperatorDecision("bob", "release notes checked"));
    env.sleep(Duration.ofSeconds(20));
    run.rollback(new OperatorDecision("carol", "error rate up"));
    assertThat(result(run).phase()).isEqualTo("RolledBack");

    RunCost cost = RunCost.of(client, id("production"));
    assertSwitchFollowsAtOnce(cost, "approve", 1);
    assertSwitchFollowsAtOnce(cost, "rollback", 2);
    return cost;
  }

  /** The {@code n}th traffic switch is scheduled within moments of the decision that asked for it. */
  private static void assertSwitchFollowsAtOnce(RunCost cost, String decision, int n) {
    Instant decided = cost.events().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
            && e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput().getName()
                .equals(decision))
        .map(RunCost::time).findFirst().orElseThrow();
    HistoryEvent nthSwitch = cost.events().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
            && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("PointServiceAtColour"))
        .skip(n - 1).findFirst().orElseThrow();
    assertThat(Duration.between(decided, RunCost.time(nthSwitch)))
        .as("%s -> traffic switch %d", decision, n).isLessThan(AT_ONCE);
  }

  private BlueGreenDeploymentWorkflow start(String environment, ChatOpsContext chat) {
    BlueGreenDeploymentWorkflow run = client.newWorkflowStub(BlueGreenDeploymentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id(environment)).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(run::deploy, new DeploymentRequest(SERVICE, environment, "registry.example/game-api:v2",
        null, 2, "alice", SHORT_WINDOWS, null, chat));
    return run;
  }

  private static DeploymentStatus result(BlueGreenDeploymentWorkflow run) {
    return WorkflowStub.fromTyped(run).getResult(DeploymentStatus.class);
  }

  private static String id(String environment) {
    return BlueGreenDeploymentWorkflow.workflowId(SERVICE, environment);
  }
}
