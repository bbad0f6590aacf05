package dev.pitcrew.workflows.run;

import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The one side-effect policy of every workflow family: what is not the point of a runbook step (runs-index writes,
 * Slack cards, notifications, Pitcrew's own records) never holds the step up.
 *
 * <ul>
 *   <li>Each external system has its own <b>lane</b>: its side effects run in the order they were asked for, on
 *       their own workflow thread, so an outage of one system holds up neither the runbook nor another system.
 *   <li>Retries are Temporal's, bounded by the activity options the step's stub carries (a schedule-to-close
 *       timeout or a maximum of attempts). One that still fails is <b>given up</b>: the failed activity is on the
 *       run's history (and so its timeline), {@link #onGiveUp} is told, and the lane goes on with the next one.
 *   <li>Writes to Pitcrew's own PostgreSQL ({@link #write}) are tried first as a <b>local activity</b>: it runs
 *       inside the workflow task that asked for it, so a healthy write costs no activity task and no workflow task
 *       of its own. Only when that one short attempt fails (PostgreSQL down or slow) does the write become a
 *       durable activity with bounded retries, and the lane's later writes queue behind it without trying locally,
 *       so an outage costs the run one short attempt, not one per write.
 *   <li>Lanes run detached from the run's cancellation: a cancelled run still records how it ended.
 * </ul>
 *
 * <p>Decided first thing in a run with {@link #decide()}: runs started before this policy existed replay their
 * side effects in place ({@link #inBackground()} false), as they were recorded. A family adopts it in one line:
 * {@code RunTracker.start(type, labels, phase, SideEffects.decide())} (see docs/development.md).
 *
 * <p>Only use from workflow code.
 */
public final class SideEffects {
  /** The {@code Workflow.getVersion} change ID of this policy. */
  public static final String CHANGE_ID = "side-effects-in-background";
  /** Lane names used across families. */
  public static final String RUNS_INDEX = "runs index";
  public static final String SLACK = "Slack";

  /**
   * The one short attempt of a {@link #write} as a local activity: no retry, and a schedule-to-close that also bounds
   * the wait for a local-activity slot, or for a worker that cannot run it locally.
   */
  public static final LocalActivityOptions FIRST_ATTEMPT_LOCALLY = LocalActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(2))
      .setScheduleToCloseTimeout(Duration.ofSeconds(3))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build();

  private static final Logger log = Workflow.getLogger(SideEffects.class);

  /** Told when a side effect's retries ran out. */
  public interface GiveUpHandler {
    void gaveUp(String system, String what, ActivityFailure failure);
  }

  private final boolean background;
  private final Map<String, Promise<Void>> lanes = new LinkedHashMap<>();
  /** Lanes whose last local attempt failed and whose durable retry has not succeeded yet. */
  private final Set<String> degraded = new HashSet<>();
  private final List<String> givenUp = new ArrayList<>();
  private GiveUpHandler onGiveUp = (system, what, failure) -> { };

  private SideEffects(boolean background) {
    this.background = background;
  }

  /**
   * The policy for this run: side effects in the background for runs started with this code, in place for runs
   * whose history was made before. Call first thing in the workflow method, before any other workflow thread
   * exists (docs/development.md, "Determinism and replay").
   */
  public static SideEffects decide() {
    return new SideEffects(Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1);
  }

  /** Side effects run in place, holding the step up, as every family did before this policy. */
  public static SideEffects inPlace() {
    return new SideEffects(false);
  }

  public boolean inBackground() {
    return background;
  }

  /** Adds a listener for given-up side effects (e.g. to put them on the family's own timeline). */
  public SideEffects onGiveUp(GiveUpHandler handler) {
    GiveUpHandler before = onGiveUp;
    onGiveUp = (system, what, failure) -> {
      before.gaveUp(system, what, failure);
      handler.gaveUp(system, what, failure);
    };
    return this;
  }

  /**
   * Queues {@code step} on {@code system}'s lane and returns at once. In place (runs from before this policy) the
   * step runs now and its failure propagates, as before.
   */
  public void deliver(String system, String what, Functions.Proc step) {
    if (!background) {
      step.apply();
      return;
    }
    Promise<Void> previous = lanes.get(system);
    Promise<?>[] next = new Promise<?>[1];
    // Detached: cancelling the run must not cancel the record of how it ended, nor a card update in flight.
    Workflow.newDetachedCancellationScope(() -> next[0] = Async.procedure(() -> {
      if (previous != null) {
        Workflow.await(previous::isCompleted);
      }
      try {
        step.apply();
      } catch (ActivityFailure failure) {
        gaveUp(system, what, failure);
      }
    })).run();
    @SuppressWarnings("unchecked")
    Promise<Void> queued = (Promise<Void>) next[0];
    lanes.put(system, queued);
  }

  /**
   * A write to Pitcrew's own database, queued on {@code system}'s lane: {@code local} once (a local activity with a
   * short timeout and no retry), and {@code durable} (an activity with bounded retries) only if that failed or an
   * earlier write of the lane is still waiting for the database.
   */
  public void write(String system, String what, Functions.Proc local, Functions.Proc durable) {
    deliver(system, what, () -> {
      if (!degraded.contains(system)) {
        try {
          local.apply();
          return;
        } catch (ActivityFailure failure) {
          degraded.add(system);
          log.warn("{}: '{}' did not succeed at once; retrying it in the background: {}", system, what,
              rootMessage(failure));
        }
      }
      durable.apply();
      degraded.remove(system);
    });
  }

  /** Whether every queued side effect has run (or been given up). */
  public boolean idle() {
    return lanes.values().stream().allMatch(Promise::isCompleted);
  }

  /**
   * Waits until every queued side effect has run or been given up: a run calls this before it closes, since
   * activities still pending when a workflow closes are abandoned. Its steps are all done by then.
   */
  public void awaitDelivered() {
    if (background) {
      Workflow.newDetachedCancellationScope(() -> Workflow.await(this::idle)).run();
    }
  }

  /** What was given up so far, as "system: what", in order. */
  public List<String> givenUp() {
    return List.copyOf(givenUp);
  }

  private void gaveUp(String system, String what, ActivityFailure failure) {
    givenUp.add(system + ": " + what);
    log.warn("{} gave up on '{}': {}", system, what, rootMessage(failure));
    onGiveUp.gaveUp(system, what, failure);
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
