package dev.pitcrew.workflows.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.SlackMessageRef;
import dev.pitcrew.workflows.chatops.SlackMessages;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A self-check asked for in Slack keeps one message current, and a rate-limited update waits instead of dropping. */
class SelfCheckSlackTest {
  private static final ChatOpsContext CHAT =
      new ChatOpsContext("C0OPS", "U0ALICE", "https://pitcrew.example/api/v1/runs/", null);

  /** Slack as the workflow sees it: records calls; the first update is rate-limited for 30 seconds. */
  static final class RecordingSlack implements SlackMessages {
    record Call(String method, long atMillis, RunCard card, String text) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger updates = new AtomicInteger();
    TestWorkflowEnvironment env;
    /** While down, posting fails as Slack answering 503 would. */
    volatile boolean down;

    @Override
    public SlackMessageRef post(String channel, RunCard card) {
      if (down) {
        throw ApplicationFailure.newFailure("Slack answered 503", "SlackUnavailable");
      }
      calls.add(new Call("post", env.currentTimeMillis(), card, null));
      return new SlackMessageRef(channel, "1700000000.000100");
    }

    @Override
    public void update(SlackMessageRef message, RunCard card) {
      if (updates.incrementAndGet() == 1) {
        calls.add(new Call("update-429", env.currentTimeMillis(), card, null));
        throw ApplicationFailure.newFailureWithCauseAndDelay(
            "Slack rate-limited chat.update; retry after 30s", "SlackRateLimited", null, Duration.ofSeconds(30));
      }
      calls.add(new Call("update", env.currentTimeMillis(), card, null));
    }

    @Override
    public void reply(SlackMessageRef message, String text) {
      calls.add(new Call("reply", env.currentTimeMillis(), null, text));
    }
  }

  private TestWorkflowEnvironment env;
  private RecordingSlack slack;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(SelfCheckWorkflowImpl.class);
    slack = new RecordingSlack();
    slack.env = env;
    worker.registerActivitiesImplementations(new RecordingRunIndex(), slack,
        (SelfCheckActivities) () -> new ProbeReport("worker-1", "PostgreSQL 17.11", 420));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  /** Slack down: the probe and the hold go ahead at once; the given-up post is on the run's history (timeline). */
  @Test
  void aSlackOutageHoldsNoStepUp() {
    slack.down = true;
    SelfCheckWorkflow run = env.getWorkflowClient().newWorkflowStub(SelfCheckWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("selfcheck-slack-down").setTaskQueue(TaskQueues.OPERATIONS).build());
    run.check(new SelfCheckInput("outage", 5, false, 0, CHAT));

    dev.pitcrew.workflows.run.RunCost cost =
        dev.pitcrew.workflows.run.RunCost.of(env.getWorkflowClient(), "selfcheck-slack-down");
    var probeDone = cost.first(io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).orElseThrow();
    var holdStarted = cost.first(io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED).orElseThrow();
    assertThat(Duration.between(dev.pitcrew.workflows.run.RunCost.time(probeDone),
        dev.pitcrew.workflows.run.RunCost.time(holdStarted))).as("probe done -> hold started, Slack down")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(cost.givenUpActivityTypes()).containsExactly("SlackPostRunMessage");
    assertThat(slack.calls).isEmpty();
  }

  @Test
  void theMessageFollowsTheRunAndARateLimitedUpdateIsRetriedAfterRetryAfter() {
    WorkflowClient client = env.getWorkflowClient();
    SelfCheckWorkflow run = client.newWorkflowStub(SelfCheckWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("selfcheck-slack").setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(run::check, new SelfCheckInput("demo", 0, true, 3600, CHAT));
    env.sleep(Duration.ofMinutes(2));
    assertThat(run.phase()).isEqualTo("AwaitingConfirmation");

    run.confirm(new Confirmation("alice@studio.example", "looks good"));
    WorkflowStub.fromTyped(run).getResult(SelfCheckResult.class);

    List<String> methods = slack.calls.stream().map(RecordingSlack.Call::method).toList();
    assertThat(methods).containsExactly("post", "update-429", "update", "reply", "update", "reply");
    RecordingSlack.Call limited = slack.calls.get(1);
    RecordingSlack.Call retried = slack.calls.get(2);
    assertThat(retried.atMillis() - limited.atMillis()).isGreaterThanOrEqualTo(30_000);
    assertThat(retried.card().buttons()).singleElement()
        .satisfies(b -> assertThat(b.actionId()).isEqualTo("pitcrew.selfcheck.confirm"));
    assertThat(slack.calls.get(3).text()).isEqualTo("Confirmed by alice@studio.example: looks good");
    RecordingSlack.Call last = slack.calls.get(4);
    assertThat(last.card().status()).isEqualTo("COMPLETED");
    assertThat(last.card().buttons()).isEmpty();
    assertThat(last.card().facts()).contains("Confirmed by alice@studio.example");
    assertThat(slack.calls.get(5).text()).startsWith("Completed: Worker worker-1 reached PostgreSQL 17.11");
    HistoryReplay.recordIfRequested(client, "selfcheck-slack", "selfcheck", "slack-confirmed");
  }
}
