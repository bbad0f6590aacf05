package dev.pitcrew.workflows.sla;

import dev.pitcrew.workflows.run.CurrentDetails;
import dev.pitcrew.workflows.run.Waits;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * How a ticket's run reads its routing and its SLA terms from Pitcrew's database.
 *
 * <p>Since {@link SlaChanges#lookupsLocal()}: as local activities inside the workflow task (a few quick attempts),
 * so a new ticket's clocks start in its first workflow task, with no task-queue round trip and no workflow task
 * per lookup. What the run cannot do without (its routing, its first terms) is then retried as an activity for
 * up to {@link #RETRIED_FOR} (PostgreSQL back, or an operator completing the queue's configuration, and the ticket
 * carries on), and then the run fails saying what it could not read: never a silent hang. Terms for a change the
 * run already has terms for (a priority change, a reopening) are only tried locally; if they cannot be read the
 * run keeps the terms it has, so no deadline and no breach action ever waits on them. Every failed attempt is on
 * the run's history, so its timeline.
 *
 * <p>Runs from before that change read both as activities retried without limit, as they were recorded.
 */
final class SlaLookups {
  /** How long routing or first terms are retried before the run fails. */
  static final Duration RETRIED_FOR = Duration.ofHours(1);

  private static final Logger log = Workflow.getLogger(SlaLookups.class);

  private static final LocalActivityOptions LOCALLY =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(5))
          .setScheduleToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumAttempts(3)
                  .build())
          .build();
  private static final ActivityOptions DURABLY = ActivityOptions.newBuilder(TicketSlaWorkflowImpl.DATABASE)
      .setScheduleToCloseTimeout(RETRIED_FOR)
      .build();
  /** Runs from before {@link SlaChanges#lookupsLocal()}: retried without limit, as the run's other reads. */
  private static final ActivityOptions AS_RECORDED = TicketSlaWorkflowImpl.DATABASE;

  private final boolean local;
  private final TicketIntakeActivities intakeLocally =
      Workflow.newLocalActivityStub(TicketIntakeActivities.class, LOCALLY);
  private final SlaPolicyActivities policiesLocally = Workflow.newLocalActivityStub(SlaPolicyActivities.class, LOCALLY);
  private final TicketIntakeActivities intakeDurably = Workflow.newActivityStub(TicketIntakeActivities.class, DURABLY);
  private final SlaPolicyActivities policiesDurably = Workflow.newActivityStub(SlaPolicyActivities.class, DURABLY);
  private final TicketIntakeActivities intakeAsRecorded =
      Workflow.newActivityStub(TicketIntakeActivities.class, AS_RECORDED);
  private final SlaPolicyActivities policiesAsRecorded =
      Workflow.newActivityStub(SlaPolicyActivities.class, AS_RECORDED);

  SlaLookups(SlaChanges changes) {
    this.local = changes.lookupsLocal();
  }

  /** The ticket's queue and agent; fails the run if they cannot be read within {@link #RETRIED_FOR}. */
  TicketAssignment route(TicketSlaInput ticket, String phase) {
    if (!local) {
      return intakeAsRecorded.route(ticket);
    }
    return needed("route " + ticket.ticketKey(), phase, () -> intakeLocally.route(ticket),
        () -> intakeDurably.route(ticket));
  }

  /** The terms a run cannot go on without; fails the run if they cannot be read within {@link #RETRIED_FOR}. */
  SlaTerms terms(String queue, String priority, String phase) {
    if (!local) {
      return policiesAsRecorded.termsFor(queue, priority);
    }
    return needed("read the SLA terms of queue '" + queue + "' for priority " + priority, phase,
        () -> policiesLocally.termsFor(queue, priority), () -> policiesDurably.termsFor(queue, priority));
  }

  /**
   * The terms of a run that goes on from an earlier one (continued as new, or recovered after an engine loss): its
   * clocks are already running and may have been for months, so it waits for its terms as long as it takes rather
   * than fail and drop them; the wait is shown on the run.
   */
  SlaTerms termsToGoOn(String queue, String priority, String phase) {
    if (!local) {
      return policiesAsRecorded.termsFor(queue, priority);
    }
    try {
      return policiesLocally.termsFor(queue, priority);
    } catch (ActivityFailure first) {
      CurrentDetails.show(phase, "to read the SLA terms of queue '" + queue + "' for priority " + priority + " ("
          + rootMessage(first) + "); retried until they can be read");
      return policiesAsRecorded.termsFor(queue, priority);
    }
  }

  /** New terms for a run that has {@code current}: those, if the new ones cannot be read at once. */
  SlaTerms termsOrKeep(String queue, String priority, SlaTerms current, String ticketKey) {
    if (!local) {
      return policiesAsRecorded.termsFor(queue, priority);
    }
    try {
      return policiesLocally.termsFor(queue, priority);
    } catch (ActivityFailure failure) {
      log.warn("Ticket {}: could not read the SLA terms of queue '{}' for priority {}; keeping the goals of {}: {}",
          ticketKey, queue, priority, current.priority(), rootMessage(failure));
      return current;
    }
  }

  private static <T> T needed(String what, String phase, Functions.Func<T> locally, Functions.Func<T> durably) {
    try {
      return locally.apply();
    } catch (ActivityFailure first) {
      String reason = rootMessage(first);
      log.warn("Could not {} at once, retrying until {}: {}", what, Waits.at(deadline()), reason);
      CurrentDetails.show(phase, "to " + what + " (" + reason + "); retried until " + Waits.at(deadline())
          + ", then the run fails");
      try {
        return durably.apply();
      } catch (ActivityFailure last) {
        throw ApplicationFailure.newNonRetryableFailureWithCause("Could not " + what + " within "
            + RETRIED_FOR.toMinutes() + " min: " + rootMessage(last) + ". No SLA is measured for the ticket by this "
            + "run (runbook: docs/support-sla.md).", "SlaLookupFailed", last);
      }
    }
  }

  private static long deadline() {
    return Workflow.currentTimeMillis() + RETRIED_FOR.toMillis();
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    // An activity's own failure reads "message='…', type='…'" in getMessage(); people want the message.
    return cause instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : cause.getMessage();
  }
}
