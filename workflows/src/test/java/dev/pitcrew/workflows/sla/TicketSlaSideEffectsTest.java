package dev.pitcrew.workflows.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.run.RunCost;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The side-effect policy for ticket SLAs: records, the runs index and notifications never hold a clock up, and a
 * breach's actions run side by side. A typical ticket's cost is asserted from its history; with Slack and
 * PostgreSQL down, the page still goes out when the goal breaches, and the given-up Slack post is on the run's
 * history (its timeline).
 */
class TicketSlaSideEffectsTest {
  private static final Instant MONDAY_9AM = Instant.parse("2026-03-02T09:00:00Z");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingRunIndex index;
  private SlaTestPorts.Records records;
  private SlaTestPorts.Notifications notifications;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setInitialTime(MONDAY_9AM).build());
    client = env.getWorkflowClient();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(TicketSlaWorkflowImpl.class);
    index = new RecordingRunIndex();
    records = new SlaTestPorts.Records();
    notifications = new SlaTestPorts.Notifications(env::currentTimeMillis, Set.of());
    worker.registerActivitiesImplementations(index, new SlaTestPorts.Policies(), records, notifications,
        new SlaTestPorts.Intake());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  /**
   * Routed, assigned, acknowledged, answered, resolved, and closed after the reopen window: its activities are
   * the two notifications; the routing, the terms, every record and index write are local activities, and the
   * clocks wait after the run's first workflow task. Before the side-effect policy: 19 workflow tasks and 14
   * activities (histories/sla/resolved.json); before local lookups ({@code sla-lookups-local}): 8 workflow tasks
   * and 4 activities, routing and terms included, the clocks waiting after the third task
   * (resolved-background.json).
   */
  @Test
  void aResolvedTicketCostsOnlyItsNotificationsAndWaitsAfterItsFirstTask() {
    TicketSlaWorkflow run = open("SUP-80", "High");
    env.sleep(Duration.ofMinutes(3));
    run.applyEvent(TicketEvent.firstResponse("alice"));
    env.sleep(Duration.ofMinutes(10));
    run.applyEvent(TicketEvent.resolve("alice"));
    WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class);

    RunCost cost = RunCost.of(client, TicketSlaWorkflow.workflowId("SUP-80"));
    assertThat(cost.activityTypes()).containsExactlyInAnyOrder("AssignInJira", "AcknowledgeRequester");
    assertThat(cost.workflowTasks()).as("workflow tasks").isLessThanOrEqualTo(1 + cost.wakeUps())
        .isLessThanOrEqualTo(6);
    HistoryEvent firstTimer = cost.first(EventType.EVENT_TYPE_TIMER_STARTED).orElseThrow();
    HistoryEvent firstTask = cost.first(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).orElseThrow();
    assertThat(firstTimer.getTimerStartedEventAttributes().getWorkflowTaskCompletedEventId())
        .as("the first deadline's timer is started by the first workflow task")
        .isLessThanOrEqualTo(firstTask.getEventId());
    assertThat(records.outcomes).hasSize(2);
    assertThat(index.phasesOf(TicketSlaWorkflow.workflowId("SUP-80"))).endsWith("Resolved", "Completed");
    HistoryReplay.recordIfRequested(client, TicketSlaWorkflow.workflowId("SUP-80"), "sla", "resolved-lookups-in-task");
  }

  /**
   * A ticket created through Pitcrew's API ({@code sla-no-idle-steps}), started as the API starts it: one
   * signal-with-start carrying its own "Open" status. That status changes nothing, so the ticket is recorded once
   * in its first workflow task, not twice; and it does not live in JIRA, so it gets no JIRA assignment (an
   * activity that did nothing): its one activity is the acknowledgement. Before: two open records in the first task
   * and an AssignInJira, so one local activity, one activity and one workflow task more.
   */
  @Test
  void aPitcrewTicketIsRecordedOnceInItsFirstTaskAndNotAssignedInJira() {
    String workflowId = TicketSlaWorkflow.workflowId("PIT-80");
    client.newUntypedWorkflowStub(TicketSlaWorkflow.class.getSimpleName(), WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId).setTaskQueue(TaskQueues.OPERATIONS).build())
        .signalWithStart(TicketSlaWorkflow.EVENT_SIGNAL, new Object[] {TicketEvent.status("Open")},
            new Object[] {new TicketSlaInput("PIT-80", TicketSlaInput.SOURCE_PITCREW, "Cannot log in",
                "player@example.com", "High", "Open", null, List.of(), List.of(), null)});
    TicketSlaWorkflow run = client.newWorkflowStub(TicketSlaWorkflow.class, workflowId);
    env.sleep(Duration.ofMinutes(3));
    assertThat(records.snapshots).as("recorded once while open").hasSize(1);
    run.applyEvent(TicketEvent.resolve("alice"));
    WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class);

    RunCost cost = RunCost.of(client, workflowId);
    assertThat(cost.activityTypes()).containsExactly("AcknowledgeRequester");
    assertThat(records.snapshots).extracting(TicketSnapshot::resolved).containsExactly(false, true);
    assertThat(cost.workflowTasks()).as("workflow tasks").isLessThanOrEqualTo(1 + cost.wakeUps())
        .isLessThanOrEqualTo(4);
    HistoryReplay.recordIfRequested(client, workflowId, "sla", "pitcrew-ticket-no-idle-steps");
  }

  @Test
  void aSlackAndPostgresOutageDelaysNoBreachAction() {
    TicketSlaWorkflow run = open("SUP-81", "Highest");
    env.sleep(Duration.ofMinutes(1));
    long openedAt = records.snapshots.getFirst().updatedAtMillis();
    records.down = true;
    index.down(true);
    notifications.down.add("slack");

    env.sleep(Duration.ofMinutes(70));

    RunCost cost = RunCost.of(client, TicketSlaWorkflow.workflowId("SUP-81"));
    Instant breachDue = Instant.ofEpochMilli(openedAt).plus(Duration.ofMinutes(5));
    assertThat(cost.scheduled("PageOnBreach")).as("the page goes out").isPresent();
    assertThat(Duration.between(breachDue, cost.scheduled("PageOnBreach").orElseThrow()))
        .as("breach due -> page, with Slack and PostgreSQL down").isLessThan(Duration.ofSeconds(30));
    assertThat(notifications.of("page")).as("first response and resolution breached").hasSize(2);
    assertThat(cost.givenUpActivityTypes()).as("Slack's given-up post is on the run's history")
        .contains("PostBreachToSlack");
    assertThat(run.slaStatus(0).slaState()).isEqualTo(GoalState.BREACHED);
    assertThat(records.breaches).as("PostgreSQL is still down").isEmpty();

    records.down = false;
    index.down(false);
    env.sleep(Duration.ofMinutes(5));
    assertThat(records.breaches).as("the breach record lands once PostgreSQL is back").hasSize(2);
  }

  private TicketSlaWorkflow open(String key, String priority) {
    TicketSlaWorkflow run = client.newWorkflowStub(TicketSlaWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(TicketSlaWorkflow.workflowId(key)).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(run::track, new TicketSlaInput(key, TicketSlaInput.SOURCE_JIRA, "Cannot log in",
        "player@example.com", priority, "Open", "account", List.of(), List.of(), null));
    return run;
  }
}
