package dev.pitcrew.workflows.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RunCost;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing and SLA terms read inside the workflow task ({@code sla-lookups-local}) with bounded retries: a queue
 * whose terms cannot be read fails the ticket's run saying why (never a silent hang), a configuration fixed in
 * time lets it carry on, and terms that cannot be read for a priority change keep the goals the ticket has, so
 * its breach still comes on time. And a goal already met keeps the target it was judged against when the
 * priority changes afterwards ({@code sla-met-goals-keep-their-target}).
 */
class TicketSlaLookupsTest {
  @RegisterExtension final SlaTestRun sla = new SlaTestRun();

  @Test
  void termsThatCannotBeReadFailTheRunSayingWhyWithinTheHour() {
    sla.policies.misconfigured = "queue 'support' uses unknown policy 'gold'";
    TicketSlaWorkflow run = sla.open("SUP-90", "High");

    WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(run).getResult(TicketSlaResult.class));

    ApplicationFailure why = (ApplicationFailure) failed.getCause();
    assertThat(why.getType()).isEqualTo("SlaLookupFailed");
    assertThat(why.getOriginalMessage())
        .startsWith("Could not read the SLA terms of queue 'support' for priority High within 60 min: "
            + "SLA configuration incomplete: queue 'support' uses unknown policy 'gold'");
    RunCost cost = RunCost.of(sla.client, TicketSlaWorkflow.workflowId("SUP-90"));
    assertThat(Duration.between(SlaTestRun.MONDAY_9AM, cost.closedAt())).as("bounded, not forever")
        .isBetween(SlaLookups.RETRIED_FOR.minusMinutes(2), SlaLookups.RETRIED_FOR.plusMinutes(2));
    assertThat(cost.givenUpActivityTypes()).as("the last attempt is on the run's timeline")
        .containsExactly("LoadSlaTerms");
    assertThat(cost.events()).as("so is the first, inside the workflow task")
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
            && e.getMarkerRecordedEventAttributes().hasFailure());
  }

  @Test
  void aConfigurationFixedInTimeLetsTheTicketCarryOn() {
    sla.policies.misconfigured = "no queue named 'support'";
    TicketSlaWorkflow run = sla.open("SUP-91", "High");
    sla.env.sleep(Duration.ofMinutes(10));
    assertThat(run.slaStatus(0).goals()).as("no terms, no clocks yet").isEmpty();

    sla.policies.misconfigured = null;
    sla.env.sleep(Duration.ofMinutes(2));

    TicketSlaStatus status = run.slaStatus(0);
    assertThat(status.policy()).isEqualTo("standard");
    assertThat(status.goals()).extracting(GoalStatus::state).containsOnly(GoalState.RUNNING);
  }

  @Test
  void aPriorityChangeWhoseTermsCannotBeReadKeepsTheGoalsAndTheBreachComesOnTime() {
    TicketSlaWorkflow run = sla.open("SUP-92", "High");
    sla.env.sleep(Duration.ofMinutes(1));
    sla.policies.misconfigured = "no queue named 'support'";

    TicketSlaStatus changed = run.applyEvent(TicketEvent.priority("Medium"));

    assertThat(changed.priority()).isEqualTo("Medium");
    assertThat(goal(changed, SlaGoal.FIRST_RESPONSE).goalMillis()).as("High's goals kept")
        .isEqualTo(Duration.ofMinutes(10).toMillis());
    sla.env.sleep(Duration.ofMinutes(10));
    assertThat(sla.notifications.of("slack")).as("High's first-response breach, on time")
        .singleElement().satisfies(s -> {
          assertThat(s.goal()).isEqualTo(SlaGoal.FIRST_RESPONSE);
          assertThat(s.atMillis() - SlaTestRun.MONDAY_9AM.toEpochMilli()).isLessThan(Duration.ofMinutes(11).toMillis());
        });
  }

  /**
   * A first response given after 15 minutes meets Medium's hour; raising the ticket to High (10 minutes) afterwards
   * does not turn that met goal into a breach, while the resolution goal, still running, takes High's target.
   */
  @Test
  void aGoalAlreadyMetKeepsItsTargetWhenThePriorityChanges() {
    TicketSlaWorkflow run = sla.open("SUP-93", "Medium");
    sla.env.sleep(Duration.ofMinutes(15));
    run.applyEvent(TicketEvent.firstResponse("alice"));

    TicketSlaStatus raised = run.applyEvent(TicketEvent.priority("High"));

    assertThat(goal(raised, SlaGoal.FIRST_RESPONSE).state()).isEqualTo(GoalState.MET);
    assertThat(goal(raised, SlaGoal.FIRST_RESPONSE).goalMillis()).isEqualTo(Duration.ofHours(1).toMillis());
    assertThat(goal(raised, SlaGoal.RESOLUTION).goalMillis()).isEqualTo(Duration.ofMinutes(60).toMillis());
    assertThat(raised.slaState()).isNotEqualTo(GoalState.BREACHED);
    assertThat(sla.records.outcomes).singleElement().satisfies(o -> assertThat(o.met()).isTrue());
    sla.env.sleep(Duration.ofSeconds(1));
    assertThat(sla.records.last().slaState()).as("the ticket list reads it from this record").isNotEqualTo(GoalState.BREACHED);
    HistoryReplay.recordIfRequested(sla.client, TicketSlaWorkflow.workflowId("SUP-93"), "sla", "met-goal-keeps-target");
  }

  private static GoalStatus goal(TicketSlaStatus status, SlaGoal goal) {
    return status.goals().stream().filter(g -> g.goal() == goal).findFirst().orElseThrow();
  }
}
