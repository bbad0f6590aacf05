package dev.pitcrew.workflows.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.sla.SlaTestPorts.Sent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The crash case of issue 6: no worker can run the SLA's actions when a breach comes due; one starts after it
 * was due; the breach then runs once, at once, and the warnings that were already sent are not repeated.
 *
 * <p>Limitation of Temporal's in-memory test server (see {@code BlueGreenCrashRecoveryTest}): it can hand a
 * workflow task to a long poll of a worker that has stopped, where it is lost. So the worker that stops and the
 * one that replaces it run the activities (every breach action is one), while workflow tasks go to a worker with
 * no workflow cache that stays up: it replays the whole history for each task, exactly as a freshly started
 * worker does. Test time is skipped up to the due time, so the test takes seconds.
 */
class TicketSlaWorkerRestartTest {
  private static final Instant MONDAY_9AM = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration FIRST_RESPONSE_GOAL = Duration.ofMinutes(10);

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final List<WorkerFactory> factories = new ArrayList<>();
  private final RecordingRunIndex index = new RecordingRunIndex();
  private final SlaTestPorts.Policies policies = new SlaTestPorts.Policies();
  private final SlaTestPorts.Records records = new SlaTestPorts.Records();
  private SlaTestPorts.Notifications notifications;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setInitialTime(MONDAY_9AM).build());
    client = env.getWorkflowClient();
    notifications = new SlaTestPorts.Notifications(env::currentTimeMillis, Set.of());
    WorkerFactory workflows =
        WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    Worker workflowWorker = workflows.newWorker(TaskQueues.OPERATIONS);
    workflowWorker.registerWorkflowImplementationTypes(TicketSlaWorkflowImpl.class);
    // Pitcrew's own records are local activities first (side-effect policy), and so are the routing and the SLA
    // terms (sla-lookups-local) and a mail-less acknowledgement (sla-acknowledges-locally): they run where the
    // workflow task runs, so the workflow worker has them, as Pitcrew's one worker per process does.
    workflowWorker.registerActivitiesImplementations(index, records, policies, new SlaTestPorts.Intake(),
        new SlaTestPorts.Acknowledgements(notifications));
    workflows.start();
    factories.add(workflows);
  }

  @AfterEach
  void stop() {
    factories.forEach(WorkerFactory::shutdownNow);
    env.close();
  }

  /** A worker process running the SLA's activities; the fakes it calls outlive it, as PostgreSQL and Slack do. */
  private WorkerFactory startActivityWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TaskQueues.OPERATIONS);
    worker.registerActivitiesImplementations(index, policies, records, notifications, new SlaTestPorts.Intake());
    factory.start();
    factories.add(factory);
    return factory;
  }

  private static void crash(WorkerFactory worker) throws InterruptedException {
    worker.shutdown();
    worker.awaitTermination(20, TimeUnit.SECONDS);
    assertThat(worker.isTerminated()).as("the activity worker stopped").isTrue();
  }

  @Test
  void aBreachDueWhileNoWorkerRunsItsActionsRunsOnceAsSoonAsOneIsBack() throws Exception {
    WorkerFactory first = startActivityWorker();
    TicketSlaWorkflow run = client.newWorkflowStub(TicketSlaWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(TicketSlaWorkflow.workflowId("SUP-9"))
            .setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(run::track, new TicketSlaInput("SUP-9", TicketSlaInput.SOURCE_JIRA, "Lag spikes",
        "player@example.com", "High", "Open", "network", List.of(), List.of(), "alice"));
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> !notifications.of("acknowledge").isEmpty());
    long startedAt = records.snapshots.getFirst().updatedAtMillis();
    long breachDue = startedAt + FIRST_RESPONSE_GOAL.toMillis();

    env.sleep(Duration.ofMillis(startedAt + Duration.ofMinutes(9).plusSeconds(30).toMillis()
        - env.currentTimeMillis()));
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> notifications.of("warn").size() == 2);
    crash(first);

    // Time is skipped up to the due time; from then on the test server runs in real time, because it does not skip
    // past an activity that is waiting to run (the breach's first one), so the worker stays down 3 real seconds.
    env.sleep(Duration.ofMillis(breachDue + Duration.ofSeconds(3).toMillis() - env.currentTimeMillis()));
    // The breach record is written by the workflow worker itself (a local activity); the actions wait.
    assertThat(notifications.of("slack")).as("no breach action runs while no activity worker is up").isEmpty();

    long restartedAt = env.currentTimeMillis();
    assertThat(restartedAt).as("the worker comes back after the breach was due").isGreaterThan(breachDue);
    startActivityWorker();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> !notifications.of("slack").isEmpty());
    Thread.sleep(500);

    assertThat(records.breaches).singleElement().satisfies(breach -> {
      assertThat(breach.goal()).isEqualTo(SlaGoal.FIRST_RESPONSE);
      assertThat(breach.dueAtMillis()).isEqualTo(breachDue);
    });
    Sent slack = notifications.of("slack").getFirst();
    assertThat(notifications.of("slack")).as("the breach action ran exactly once").hasSize(1);
    assertThat(slack.dueAtMillis()).isEqualTo(breachDue);
    assertThat(slack.atMillis() - restartedAt).as("ran as soon as the worker was back").isBetween(0L, 5000L);
    assertThat(notifications.attempts.get("slack")).as("one attempt, no retries").isEqualTo(1);
    assertThat(notifications.of("warn")).as("warnings sent before the crash are not repeated")
        .extracting(Sent::percent).containsExactly(75, 90);
    assertThat(run.slaStatus(0).slaState()).isEqualTo(GoalState.BREACHED);
    assertThat(records.last().slaState()).isEqualTo(GoalState.BREACHED);
  }
}
