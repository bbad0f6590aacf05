package dev.pitcrew.workflows.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RunCost;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The side-effect policy for ticket SLAs: records, the runs index and notifications never hold a clock up, and a
 * breach's actions run side by side. A typical ticket's cost is asserted from its history; with Slack and
 * PostgreSQL down, the page still goes out when the goal breaches, and the given-up Slack post is on the run's
 * history (its timeline).
 */
class TicketSlaSideEffectsTest {
  @RegisterExtension final SlaTestRun sla = new SlaTestRun();

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
    TicketSlaWorkflow run = sla.open("SUP-80", "High");
    sla.env.sleep(Duration.ofMinutes(3));
    run.applyEvent(TicketEvent.firstResponse("alice"));
    sla.env.sleep(Duration.ofMinutes(10));
    run.applyEvent(TicketEvent.resolve("alice"));
    WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class);

    RunCost cost = RunCost.of(sla.client, TicketSlaWorkflow.workflowId("SUP-80"));
    assertThat(cost.activityTypes()).containsExactlyInAnyOrder("AssignInJira", "AcknowledgeRequester");
    assertThat(cost.workflowTasks()).as("workflow tasks").isLessThanOrEqualTo(1 + cost.wakeUps())
        .isLessThanOrEqualTo(6);
    HistoryEvent firstTimer = cost.first(EventType.EVENT_TYPE_TIMER_STARTED).orElseThrow();
    HistoryEvent firstTask = cost.first(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).orElseThrow();
    assertThat(firstTimer.getTimerStartedEventAttributes().getWorkflowTaskCompletedEventId())
        .as("the first deadline's timer is started by the first workflow task")
        .isLessThanOrEqualTo(firstTask.getEventId());
    assertThat(sla.records.outcomes).hasSize(2);
    assertThat(sla.index.phasesOf(TicketSlaWorkflow.workflowId("SUP-80"))).endsWith("Resolved", "Completed");
    HistoryReplay.recordIfRequested(sla.client, TicketSlaWorkflow.workflowId("SUP-80"), "sla", "resolved-lookups-in-task");
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
    sla.client.newUntypedWorkflowStub(TicketSlaWorkflow.class.getSimpleName(), WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId).setTaskQueue(TaskQueues.OPERATIONS).build())
        .signalWithStart(TicketSlaWorkflow.EVENT_SIGNAL, new Object[] {TicketEvent.status("Open")},
            new Object[] {new TicketSlaInput("PIT-80", TicketSlaInput.SOURCE_PITCREW, "Cannot log in",
                "player@example.com", "High", "Open", null, List.of(), List.of(), null)});
    TicketSlaWorkflow run = sla.client.newWorkflowStub(TicketSlaWorkflow.class, workflowId);
    sla.env.sleep(Duration.ofMinutes(3));
    assertThat(sla.records.snapshots).as("recorded once while open").hasSize(1);
    // The record carries the cycle's terms (sla-records-terms), so the API reads the live clocks from it: the same
    // answer the workflow's query gives at the same instant.
    TicketSnapshot recorded = sla.records.snapshots.getFirst();
    assertThat(recorded.terms()).as("the cycle's terms on record").isNotNull();
    long at = sla.env.currentTimeMillis();
    assertThat(RecordedSla.status("PIT-80", recorded.queue(), recorded.assignee(), recorded.priority(),
        recorded.status(), recorded.cycle(), recorded.resolved(), recorded.terms(), recorded.clocks(), at))
        .isEqualTo(run.slaStatus(at));
    run.applyEvent(TicketEvent.resolve("alice"));
    WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class);

    RunCost cost = RunCost.of(sla.client, workflowId);
    assertThat(cost.activityTypes()).containsExactly("AcknowledgeRequester");
    assertThat(sla.records.snapshots).extracting(TicketSnapshot::resolved).containsExactly(false, true);
    assertThat(cost.workflowTasks()).as("workflow tasks").isLessThanOrEqualTo(1 + cost.wakeUps())
        .isLessThanOrEqualTo(4);
    HistoryReplay.recordIfRequested(sla.client, workflowId, "sla", "pitcrew-ticket-no-idle-steps");
  }

  /**
   * The same ticket with no mail server ({@code sla-acknowledges-locally}): its acknowledgement is only a
   * notification-log row, written by a local activity inside its first workflow task, so it waits on its clocks with
   * no activity and no second workflow task queued behind it (before: the {@code AcknowledgeRequester} activity and
   * the workflow task its completion woke, per ticket, still running after the ticket counted as waiting).
   */
  @Test
  void withoutAMailServerAPitcrewTicketIsAcknowledgedInItsFirstTaskAndCostsNoActivity() {
    sla.notifications.mailServer = false;
    String workflowId = startPitcrewTicket("PIT-82");
    TicketSlaWorkflow run = sla.client.newWorkflowStub(TicketSlaWorkflow.class, workflowId);
    sla.env.sleep(Duration.ofMinutes(3));
    RunCost waiting = RunCost.of(sla.client, workflowId);
    assertThat(waiting.workflowTasks()).as("workflow tasks until it waits on its clocks").isEqualTo(1);
    assertThat(waiting.activities()).as("activities until it waits on its clocks").isZero();
    assertThat(sla.notifications.of("acknowledge")).as("acknowledged once").hasSize(1);
    assertThat(sla.records.snapshots).as("recorded once while open").hasSize(1);

    run.applyEvent(TicketEvent.resolve("alice"));
    WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class);
    RunCost cost = RunCost.of(sla.client, workflowId);
    assertThat(cost.activityTypes()).as("no activity from creation to resolution").isEmpty();
    assertThat(cost.workflowTasks()).as("workflow tasks").isLessThanOrEqualTo(1 + cost.wakeUps())
        .isLessThanOrEqualTo(3);
    assertThat(sla.notifications.of("acknowledge")).as("acknowledged once").hasSize(1);
    HistoryReplay.recordIfRequested(sla.client, workflowId, "sla", "pitcrew-ticket-acknowledged-locally");
  }

  /** A local acknowledgement that fails (PostgreSQL slow or down) is retried as the activity: never lost. */
  @Test
  void anAcknowledgementThatFailsLocallyIsRetriedAsItsActivity() {
    sla.notifications.mailServer = false;
    sla.notifications.down.add("acknowledge");
    String workflowId = startPitcrewTicket("PIT-83");
    sla.env.sleep(Duration.ofSeconds(30));
    assertThat(sla.records.snapshots).as("the clocks run meanwhile").hasSize(1);
    sla.notifications.down.remove("acknowledge");
    sla.env.sleep(Duration.ofMinutes(3));

    assertThat(RunCost.of(sla.client, workflowId).activityTypes()).contains("AcknowledgeRequester");
    assertThat(sla.notifications.of("acknowledge")).as("acknowledged once, by the activity").hasSize(1);
  }

  private String startPitcrewTicket(String key) {
    String workflowId = TicketSlaWorkflow.workflowId(key);
    sla.client.newUntypedWorkflowStub(TicketSlaWorkflow.class.getSimpleName(), WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId).setTaskQueue(TaskQueues.OPERATIONS).build())
        .signalWithStart(TicketSlaWorkflow.EVENT_SIGNAL, new Object[] {TicketEvent.status("Open")},
            new Object[] {new TicketSlaInput(key, TicketSlaInput.SOURCE_PITCREW, "Cannot log in",
                "player@example.com", "High", "Open", null, List.of(), List.of(), null)});
    return workflowId;
  }

  @Test
  void aSlackAndPostgresOutageDelaysNoBreachAction() {
    TicketSlaWorkflow run = sla.open("SUP-81", "Highest");
    sla.env.sleep(Duration.ofMinutes(1));
    long openedAt = sla.records.snapshots.getFirst().updatedAtMillis();
    sla.records.down = true;
    sla.index.down(true);
    sla.notifications.down.add("slack");

    sla.env.sleep(Duration.ofMinutes(70));

    RunCost cost = RunCost.of(sla.client, TicketSlaWorkflow.workflowId("SUP-81"));
    Instant breachDue = Instant.ofEpochMilli(openedAt).plus(Duration.ofMinutes(5));
    assertThat(cost.scheduled("PageOnBreach")).as("the page goes out").isPresent();
    assertThat(Duration.between(breachDue, cost.scheduled("PageOnBreach").orElseThrow()))
        .as("breach due -> page, with Slack and PostgreSQL down").isLessThan(Duration.ofSeconds(30));
    assertThat(sla.notifications.of("page")).as("first response and resolution breached").hasSize(2);
    assertThat(cost.givenUpActivityTypes()).as("Slack's given-up post is on the run's history")
        .contains("PostBreachToSlack");
    assertThat(run.slaStatus(0).slaState()).isEqualTo(GoalState.BREACHED);
    assertThat(sla.records.breaches).as("PostgreSQL is still down").isEmpty();

    sla.records.down = false;
    sla.index.down(false);
    sla.env.sleep(Duration.ofMinutes(5));
    assertThat(sla.records.breaches).as("the breach record lands once PostgreSQL is back").hasSize(2);
  }

  /**
   * A record PostgreSQL never took (down past a day of retries, so given up) is written again at the ticket's next
   * step, even a step that changes nothing ({@code sla-rewrites-after-give-up}): before, the step compared itself
   * with the record it had asked for and wrote nothing, so the row stayed stale until the ticket next changed.
   */
  @Test
  void aTicketRecordGivenUpOnIsWrittenAgainAtTheNextStep() {
    TicketSlaWorkflow run = sla.open("SUP-84", "Highest");
    sla.env.sleep(Duration.ofHours(1)); // every goal breached and recorded: no step of its own is left
    sla.records.down = true;
    run.applyEvent(TicketEvent.status("In Progress"));
    sla.env.sleep(Duration.ofHours(26)); // past the write's day of retries: given up
    sla.records.down = false;
    assertThat(RunCost.of(sla.client, TicketSlaWorkflow.workflowId("SUP-84")).givenUpActivityTypes())
        .containsExactly("RecordTicketState");
    assertThat(sla.records.last().status()).as("the row is stale").isEqualTo("Open");

    run.applyEvent(TicketEvent.status("In Progress")); // the same status again: nothing in the ticket changes
    sla.env.sleep(Duration.ofMinutes(5));

    assertThat(sla.records.last().status()).as("the row is brought up to date").isEqualTo("In Progress");
    run.applyEvent(TicketEvent.resolve("alice"));
    WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class);
    HistoryReplay.recordIfRequested(sla.client, TicketSlaWorkflow.workflowId("SUP-84"), "sla",
        "record-rewritten-after-give-up");
  }

}
