package dev.pitcrew.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.chatops.RunButton;
import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.SlackMessageRef;
import dev.pitcrew.workflows.chatops.SlackMessages;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deployment asked for in Slack keeps one message current: Approve/Reject buttons exactly while it awaits a
 * decision, every accepted decision in the thread (a self-approval is refused to its sender before it reaches the
 * workflow), and the outcome at the end.
 */
class BlueGreenDeploymentSlackTest {
  private static final ChatOpsContext CHAT =
      new ChatOpsContext("C0GAMEAPI", "U0ALICE", "https://pitcrew.example/api/v1/runs/", null);
  private static final String ID = BlueGreenDeploymentWorkflow.workflowId("game-api", "production");

  /** Slack as the workflow sees it. */
  static final class RecordingSlack implements SlackMessages {
    record Call(String method, String channel, RunCard card, String text) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public SlackMessageRef post(String channel, RunCard card) {
      calls.add(new Call("post", channel, card, null));
      return new SlackMessageRef(channel, "1700000000.000100");
    }

    @Override
    public void update(SlackMessageRef message, RunCard card) {
      calls.add(new Call("update", message.channel(), card, null));
    }

    @Override
    public void reply(SlackMessageRef message, String text) {
      calls.add(new Call("reply", message.channel(), null, text));
    }
  }

  private TestWorkflowEnvironment env;
  private RecordingSlack slack;
  private FakeCluster cluster;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(BlueGreenDeploymentWorkflowImpl.class);
    slack = new RecordingSlack();
    cluster = FakeCluster.serving("game-api", "registry.example/game-api:v1", 2);
    worker.registerActivitiesImplementations(
        new RecordingRunIndex(), slack, cluster, new ScriptedAnalysis(), new RecordingDeploymentMetrics(),
        new RecordingDeploymentRecords());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void theMessageOffersApproveAndRejectWhileAwaitingAndRecordsEveryDecision() {
    WorkflowClient client = env.getWorkflowClient();
    BlueGreenDeploymentWorkflow run = client.newWorkflowStub(BlueGreenDeploymentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(TaskQueues.OPERATIONS).build());
    BlueGreenStrategy shortWindow =
        new BlueGreenStrategy(null, null, null, 5, 5, null, 10, null, null, null, null);
    WorkflowClient.start(run::deploy, new DeploymentRequest("game-api", "production",
        "registry.example/game-api:v2", null, 2, "alice@studio.example", shortWindow, null, CHAT));
    env.sleep(Duration.ofMinutes(1));
    assertThat(run.phase()).isEqualTo("AwaitingApproval");

    assertThatThrownBy(() -> run.approve(new OperatorDecision("alice@studio.example", "my own change")))
        .isInstanceOf(WorkflowUpdateException.class);
    env.sleep(Duration.ofSeconds(10));
    run.approve(new OperatorDecision("bob@studio.example", "release notes checked"));
    DeploymentStatus result = WorkflowStub.fromTyped(run).getResult(DeploymentStatus.class);
    assertThat(result.phase()).isEqualTo("Promoted");

    assertThat(slack.calls).allSatisfy(c -> assertThat(c.channel()).isEqualTo("C0GAMEAPI"));
    assertThat(slack.calls.getFirst().method()).isEqualTo("post");
    assertThat(slack.calls.getFirst().card().title()).isEqualTo("Deployment of game-api to production");
    assertThat(slack.calls.getFirst().card().facts())
        .contains("Image: registry.example/game-api:v2", "Requested by alice@studio.example");

    RunCard awaiting = cardsOf("update").stream().filter(c -> c.phase().equals("AwaitingApproval"))
        .findFirst().orElseThrow();
    assertThat(awaiting.buttons()).extracting(RunButton::actionId, RunButton::value, RunButton::style)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pitcrew.deploy.approve", ID, "primary"),
            org.assertj.core.groups.Tuple.tuple("pitcrew.deploy.reject", ID, "danger"));
    assertThat(cardsOf("update").stream().filter(c -> !c.phase().equals("AwaitingApproval")))
        .allSatisfy(c -> assertThat(c.buttons()).isEmpty());

    List<String> thread = slack.calls.stream().filter(c -> c.method().equals("reply")).map(RecordingSlack.Call::text).toList();
    // A refused approval never reaches the workflow; the API answers it and puts it on the run's timeline.
    assertThat(thread).containsExactly(
        "approve by bob@studio.example accepted: Promotion: approve to switch traffic, reject to abort"
            + " (reason: release notes checked)",
        "Promoted: " + result.outcome());
    RunCard last = cardsOf("update").getLast();
    assertThat(last.status()).isEqualTo("COMPLETED");
    assertThat(last.buttons()).isEmpty();
    assertThat(last.facts()).contains("Approved by bob@studio.example");
    HistoryReplay.recordIfRequested(client, ID, "deploy", "slack-approved");
  }

  private List<RunCard> cardsOf(String method) {
    return slack.calls.stream().filter(c -> c.method().equals(method)).map(RecordingSlack.Call::card).toList();
  }
}
