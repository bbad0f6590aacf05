package dev.pitcrew.workflows.incident;

import static dev.pitcrew.workflows.incident.IncidentFixtures.incident;
import static dev.pitcrew.workflows.incident.IncidentFixtures.setup;
import static dev.pitcrew.workflows.incident.IncidentFixtures.threeLevels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The crash case of issue 4: the worker stops while an incident waits on level 1's acknowledgement timer; it is
 * back only after the timer was due; level 2 is then paged at once, exactly once, and level 1 is not paged again.
 *
 * <p>Same arrangement as {@code TicketSlaWorkerRestartTest}, for the same limitation of Temporal's in-memory test
 * server (it can hand a workflow task to the long poll of a worker that has stopped, where it is lost): the worker
 * that stops and the one that replaces it run the activities (every page is one), while workflow tasks go to a
 * worker with no workflow cache, which replays the whole history for each task exactly as a fresh worker does.
 */
class IncidentWorkerRestartTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final List<WorkerFactory> factories = new ArrayList<>();
  private final RecordingRunIndex index = new RecordingRunIndex();
  private final RecordingChat chat = new RecordingChat();
  private final RecordingIncidentRecords records = new RecordingIncidentRecords();
  private final FlakyPostmortems postmortems = new FlakyPostmortems();
  private RecordingPager pager;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    pager = new RecordingPager(env::currentTimeMillis);
    records.serve(setup(threeLevels(0)));
    WorkerFactory workflows =
        WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    Worker workflowWorker = workflows.newWorker(TaskQueues.OPERATIONS);
    workflowWorker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class);
    // Pitcrew's own records are local activities first (side-effect policy): they run where the workflow task
    // runs, so the workflow worker has them, as Pitcrew's one worker per process does.
    workflowWorker.registerActivitiesImplementations(index, records);
    workflows.start();
    factories.add(workflows);
  }

  @AfterEach
  void stop() {
    factories.forEach(WorkerFactory::shutdownNow);
    env.close();
  }

  /** A worker process running the incident's activities; the doubles it calls outlive it, as PagerDuty does. */
  private WorkerFactory startActivityWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TaskQueues.OPERATIONS);
    worker.registerActivitiesImplementations(index, pager, chat, records, postmortems);
    factory.newWorker(TaskQueues.PAGING).registerActivitiesImplementations(pager);
    factory.start();
    factories.add(factory);
    return factory;
  }

  private static void crash(WorkerFactory worker) throws InterruptedException {
    worker.shutdown();
    worker.awaitTermination(20, TimeUnit.SECONDS);
    assertThat(worker.isTerminated()).as("the activity worker stopped").isTrue();
  }

  private List<RecordingPager.Event> triggersAt(int level) {
    return pager.accepted("trigger").stream().filter(e -> e.step().level() == level).toList();
  }

  @Test
  void escalationDueWhileTheWorkerIsDownFiresOnceAsSoonAsItIsBack() throws Exception {
    WorkerFactory first = startActivityWorker();
    IncidentInput input = incident("checkout-5xx", Severity.SEV2);
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(IncidentIds.workflowIdFor(input.dedupKey()))
            .setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(incident::respond, input);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> triggersAt(1).size() == 1);
    long openedAt = incident.status().openedAtMillis();
    long levelTwoDue = openedAt + Duration.ofMinutes(5).toMillis();

    env.sleep(Duration.ofMillis(openedAt + Duration.ofMinutes(4).toMillis() - env.currentTimeMillis()));
    crash(first);

    // Time is skipped up to the due time; from then on the test server runs in real time, because it does not skip
    // past an activity waiting to run (the level-2 page), so the worker stays down for 8 real seconds after it.
    // (A timer starts when its workflow task completes; the first task runs the setup and records as local
    // activities, which on a cold JVM on a busy machine takes a few seconds, so the level-2 timer may fire that
    // much after its nominal due time. 8 s keeps it inside the outage.)
    env.sleep(Duration.ofMillis(levelTwoDue + Duration.ofSeconds(8).toMillis() - env.currentTimeMillis()));
    assertThat(triggersAt(2)).as("nobody is paged while no activity worker is up").isEmpty();

    long restartedAt = env.currentTimeMillis();
    assertThat(restartedAt).as("the worker comes back after level 2 was due").isGreaterThan(levelTwoDue);
    startActivityWorker();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> triggersAt(2).size() == 1);
    Thread.sleep(1500); // room for a duplicate page to show up, were there one

    RecordingPager.Event levelTwo = triggersAt(2).getFirst();
    assertThat(levelTwo.pagerDutyService()).isEqualTo("pd-secondary");
    assertThat(levelTwo.atMillis() - restartedAt).as("paged as soon as the worker was back").isBetween(0L, 15_000L);
    assertThat(pager.attempts().stream().filter(e -> "trigger".equals(e.action())))
        .as("one attempt per level: nothing lost, nothing sent twice").hasSize(2);
    assertThat(triggersAt(1)).as("level 1 is not paged again").hasSize(1);
    assertThat(triggersAt(3)).isEmpty();

    // The escalation itself was decided on time, by the durable timer, while the worker was down (a workflow
    // task's time is when it started, a moment after the timer fired).
    List<TimelineEntry> escalations = incident.timeline().stream()
        .filter(e -> e.event() == TimelineEvent.ESCALATED).toList();
    assertThat(escalations).singleElement()
        .satisfies(e -> assertThat(e.atMillis()).as("decided at its due time, before the worker was back")
            .isGreaterThanOrEqualTo(levelTwoDue).isLessThan(restartedAt));
    assertThat(incident.status().escalation()).isEqualTo(new EscalationStep(2, 0));
    assertThat(incident.status().nextEscalationAtMillis())
        .as("level 2's own timer runs from its due time, not from the restart")
        .isEqualTo(escalations.getFirst().atMillis() + Duration.ofMinutes(10).toMillis());
  }
}
