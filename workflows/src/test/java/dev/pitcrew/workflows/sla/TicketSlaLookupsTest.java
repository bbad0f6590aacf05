package dev.pitcrew.workflows.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import dev.pitcrew.workflows.run.RunCost;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
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
 * Routing and SLA terms read inside the workflow task ({@code sla-lookups-local}) with bounded retries: a queue
 * whose terms cannot be read fails the ticket's run saying why (never a silent hang), a configuration fixed in
 * time lets it carry on, and terms that cannot be read for a priority change keep the goals the ticket has, so
 * its breach still comes on time. And a goal already met keeps the target it was judged against when the
 * priority changes afterwards ({@code sla-met-goals-keep-their-target}).
 */
class TicketSlaLookupsTest {
  private static final Instant MONDAY_9AM = Instant.parse("2026-03-02T09:00:00Z");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private SlaTestPorts.Policies policies;
  private SlaTestPorts.Records records;
  private SlaTestPorts.Notifications notifications;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setInitialTime(MONDAY_9AM).build());
    client = env.getWorkflowClient();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(TicketSlaWorkflowImpl.class);
    policies = new SlaTestPorts.Policies();
    records = new SlaTestPorts.Records();
    notifications = new SlaTestPorts.Notifications(env::currentTimeMillis, Set.of());
    worker.registerActivitiesImplementations(new RecordingRunIndex(), policies, records, notifications,
        new SlaTestPorts.Intake());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void termsThatCannotBeReadFailTheRunSayingWhyWithinTheHour() {
    policies.misconfigured = "queue 'support' uses unknown policy 'gold'";
    TicketSlaWorkflow run = open("SUP-90", "High");

    WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class));

    ApplicationFailure why = (ApplicationFailure) failed.getCause();
    assertThat(why.getType()).isEqualTo("SlaLookupFailed");
    assertThat(why.getOriginalMessage())
        .startsWith("Could not read the SLA terms of queue 'support' for priority High within 60 min: "
            + "SLA configuration incomplete: queue 'support' uses unknown policy 'gold'");
    RunCost cost = RunCost.of(client, TicketSlaWorkflow.workflowId("SUP-90"));
    assertThat(Duration.between(MONDAY_9AM, cost.closedAt())).as("bounded, not forever")
        .isBetween(SlaLookups.RETRIED_FOR.minusMinutes(2), SlaLookups.RETRIED_FOR.plusMinutes(2));
    assertThat(cost.givenUpActivityTypes()).as("the last attempt is on the run's timeline")
        .containsExactly("LoadSlaTerms");
    assertThat(cost.events()).as("so is the first, inside the workflow task")
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
            && e.getMarkerRecordedEventAttributes().hasFailure());
  }

  @Test
  void aConfigurationFixedInTimeLetsTheTicketCarryOn() {
    policies.misconfigured = "no queue named 'support'";
    TicketSlaWorkflow run = open("SUP-91", "High");
    env.sleep(Duration.ofMinutes(10));
    assertThat(run.slaStatus(0).goals()).as("no terms, no clocks yet").isEmpty();

    policies.misconfigured = null;
    env.sleep(Duration.ofMinutes(2));

    TicketSlaStatus status = run.slaStatus(0);
    assertThat(status.policy()).isEqualTo("standard");
    assertThat(status.goals()).extracting(GoalStatus::state).containsOnly(GoalState.RUNNING);
  }

  @Test
  void aPriorityChangeWhoseTermsCannotBeReadKeepsTheGoalsAndTheBreachComesOnTime() {
    TicketSlaWorkflow run = open("SUP-92", "High");
    env.sleep(Duration.ofMinutes(1));
    policies.misconfigured = "no queue named 'support'";

    TicketSlaStatus changed = run.applyEvent(TicketEvent.priority("Medium"));

    assertThat(changed.priority()).isEqualTo("Medium");
    assertThat(goal(changed, SlaGoal.FIRST_RESPONSE).goalMillis()).as("High's goals kept")
        .isEqualTo(Duration.ofMinutes(10).toMillis());
    env.sleep(Duration.ofMinutes(10));
    assertThat(notifications.of("slack")).as("High's first-response breach, on time")
        .singleElement().satisfies(s -> {
          assertThat(s.goal()).isEqualTo(SlaGoal.FIRST_RESPONSE);
          assertThat(s.atMillis() - MONDAY_9AM.toEpochMilli()).isLessThan(Duration.ofMinutes(11).toMillis());
        });
  }

  /**
   * A first response given after 15 minutes meets Medium's hour; raising the ticket to High (10 minutes) afterwards
   * does not turn that met goal into a breach, while the resolution goal, still running, takes High's target.
   */
  @Test
  void aGoalAlreadyMetKeepsItsTargetWhenThePriorityChanges() {
    TicketSlaWorkflow run = open("SUP-93", "Medium");
    env.sleep(Duration.ofMinutes(15));
    run.applyEvent(TicketEvent.firstResponse("alice"));

    TicketSlaStatus raised = run.applyEvent(TicketEvent.priority("High"));

    assertThat(goal(raised, SlaGoal.FIRST_RESPONSE).state()).isEqualTo(GoalState.MET);
    assertThat(goal(raised, SlaGoal.FIRST_RESPONSE).goalMillis()).isEqualTo(Duration.ofHours(1).toMillis());
    assertThat(goal(raised, SlaGoal.RESOLUTION).goalMillis()).isEqualTo(Duration.ofMinutes(60).toMillis());
    assertThat(raised.slaState()).isNotEqualTo(GoalState.BREACHED);
    assertThat(records.outcomes).singleElement().satisfies(o -> assertThat(o.met()).isTrue());
    env.sleep(Duration.ofSeconds(1));
    assertThat(records.last().slaState()).as("the ticket list reads it from this record").isNotEqualTo(GoalState.BREACHED);
    HistoryReplay.recordIfRequested(client, TicketSlaWorkflow.workflowId("SUP-93"), "sla", "met-goal-keeps-target");
  }

  private static GoalStatus goal(TicketSlaStatus status, SlaGoal goal) {
    return status.goals().stream().filter(g -> g.goal() == goal).findFirst().orElseThrow();
  }

  private TicketSlaWorkflow open(String key, String priority) {
    TicketSlaWorkflow run = client.newWorkflowStub(TicketSlaWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(TicketSlaWorkflow.workflowId(key)).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(run::track, new TicketSlaInput(key, TicketSlaInput.SOURCE_JIRA, "Cannot log in",
        "player@example.com", priority, "Open", "account", List.of(), List.of(), null));
    return run;
  }
}
