package dev.pitcrew.workflows.run;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Workflow-side record of where a run is. Each phase change updates the {@code phase} query, the run's search
 * attributes (when the run was started with them) and Pitcrew's runs index.
 *
 * <p>How the index is written follows the run's {@link SideEffects}: in the background (a local activity inside
 * the workflow task, falling back to a durable activity with bounded retries on the runs-index lane; the step goes
 * on at once), or, for runs from before that policy, as an activity the step waits for.
 *
 * <p>Only use from workflow code.
 */
public final class RunTracker {
  private static final ActivityOptions INDEX_WRITE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();
  // In the background the index write is a local activity first: one short attempt inside the workflow task.
  private static final LocalActivityOptions INDEX_WRITE_LOCALLY = SideEffects.FIRST_ATTEMPT_LOCALLY;
  // ... and if that failed, a durable activity retried for up to 30 minutes, then given up (the API's
  // reconciliation closes the row of a run Temporal reports closed).
  private static final ActivityOptions INDEX_WRITE_IN_BACKGROUND =
      ActivityOptions.newBuilder(INDEX_WRITE).setScheduleToCloseTimeout(Duration.ofMinutes(30)).build();

  private final SideEffects effects;
  private final String runType;
  private final long startedAtMillis;
  private RunLabels labels;
  private String phase;
  private int sequence;
  private boolean closed;

  private RunTracker(
      SideEffects effects, String runType, RunLabels labels, String phase, int sequence, long startedAtMillis) {
    this.effects = effects;
    this.runType = runType;
    this.labels = labels == null ? RunLabels.NONE : labels;
    this.phase = phase;
    this.sequence = sequence;
    this.startedAtMillis = startedAtMillis;
  }

  /** Starts tracking a run and records its first phase; the step waits for each index write. */
  public static RunTracker start(String runType, RunLabels labels, String initialPhase) {
    return start(runType, labels, initialPhase, SideEffects.inPlace());
  }

  /** Starts tracking a run and records its first phase, writing the index as {@code effects} says. */
  public static RunTracker start(String runType, RunLabels labels, String initialPhase, SideEffects effects) {
    RunTracker tracker = startUnrecorded(runType, labels, initialPhase, effects);
    tracker.recordRunning();
    return tracker;
  }

  /**
   * Starts tracking a run without recording it yet: for a workflow that writes its records from its own queue
   * (so a database outage never holds it up) and calls {@link #recordRunning()} from there.
   */
  public static RunTracker startUnrecorded(String runType, RunLabels labels, String initialPhase) {
    return startUnrecorded(runType, labels, initialPhase, SideEffects.inPlace());
  }

  public static RunTracker startUnrecorded(
      String runType, RunLabels labels, String initialPhase, SideEffects effects) {
    CurrentDetails.show(initialPhase, null);
    return new RunTracker(
        effects, runType, labels, initialPhase, 0, Workflow.getInfo().getRunStartedTimestampMillis());
  }

  /** Records the current phase of the running run; nothing once the run's end is recorded. */
  public void recordRunning() {
    if (!closed) {
      record(RunStatus.RUNNING, null);
    }
  }

  /**
   * Picks up tracking in a run that continued as new from the run that took {@code checkpoint}. The index keeps
   * one row per workflow ID, so the new run goes on with the old sequence and start time: its records sort
   * after the old run's and the run list still shows when the run really began. Records nothing by itself.
   */
  public static RunTracker resume(RunTrackerCheckpoint checkpoint) {
    return resume(checkpoint, SideEffects.inPlace());
  }

  public static RunTracker resume(RunTrackerCheckpoint checkpoint, SideEffects effects) {
    RunTracker tracker =
        new RunTracker(
            effects,
            checkpoint.runType(),
            checkpoint.labels(),
            checkpoint.phase(),
            checkpoint.sequence(),
            checkpoint.startedAtMillis());
    tracker.upsertSearchAttributes(RunStatus.RUNNING);
    CurrentDetails.show(checkpoint.phase(), null);
    return tracker;
  }

  /** What a run passes to its continued-as-new successor so that {@link #resume} can go on where it stopped. */
  public RunTrackerCheckpoint checkpoint() {
    return new RunTrackerCheckpoint(runType, labels, phase, sequence, startedAtMillis);
  }

  public String phase() {
    return phase;
  }

  /** The side-effect policy this run's index writes follow. */
  public SideEffects effects() {
    return effects;
  }

  public RunLabels labels() {
    return labels;
  }

  /** Changes what the run is filed under (e.g. its severity was raised); takes effect from the next record. */
  public void relabel(RunLabels newLabels) {
    this.labels = newLabels == null ? RunLabels.NONE : newLabels;
    if (Workflow.getTypedSearchAttributes().containsKey(PitcrewSearchAttributes.TYPE)
        && this.labels.severity() != null) {
      Workflow.upsertTypedSearchAttributes(PitcrewSearchAttributes.SEVERITY.valueSet(this.labels.severity()));
    }
  }

  /**
   * Moves the run to a new phase while it keeps running. Once the run's end is recorded a late phase (one queued
   * behind a database outage) changes nothing, so it can never outrank the closing record.
   */
  public void enter(String newPhase) {
    if (closed) {
      return;
    }
    this.phase = newPhase;
    CurrentDetails.show(newPhase, null);
    record(RunStatus.RUNNING, null);
  }

  /** Records how the run ended; call as the workflow's last step (in a detached scope when cancelled). */
  public void close(RunStatus status, String finalPhase, String outcome) {
    closed = true;
    this.phase = finalPhase;
    CurrentDetails.show(finalPhase, outcome);
    record(status, outcome);
  }

  /**
   * Runs the workflow body and records how it ended: completed (with {@code outcome} of the result), failed, or
   * cancelled. The closing record on cancellation runs in a detached scope so it is written although the run is
   * being cancelled. Exceptions are rethrown unchanged, so Temporal sees the same failure. With side effects in
   * the background, the run then waits until they are delivered (its steps are all done by then).
   */
  public <R> R runToCompletion(Functions.Func<R> body, Functions.Func1<R, String> outcome) {
    try {
      R result = body.apply();
      close(RunStatus.COMPLETED, "Completed", outcome.apply(result));
      effects.awaitDelivered();
      return result;
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(() -> close(RunStatus.CANCELED, "Cancelled", "Cancelled at phase " + phase))
          .run();
      effects.awaitDelivered();
      throw cancelled;
    } catch (RuntimeException failure) {
      close(RunStatus.FAILED, "Failed", "Failed at phase " + phase + ": " + failure.getMessage());
      effects.awaitDelivered();
      throw failure;
    }
  }

  private void record(RunStatus status, String outcome) {
    upsertSearchAttributes(status);
    sequence++;
    String summary = "runs index: " + phase + " (" + status + ")";
    RunProgress progress = progress(status, outcome);
    if (effects.inBackground()) {
      RunIndexActivities locally = Workflow.newLocalActivityStub(RunIndexActivities.class,
          LocalActivityOptions.newBuilder(INDEX_WRITE_LOCALLY).setSummary(summary).build());
      RunIndexActivities durably = Workflow.newActivityStub(RunIndexActivities.class,
          ActivityOptions.newBuilder(INDEX_WRITE_IN_BACKGROUND).setSummary(summary).build());
      effects.write(SideEffects.RUNS_INDEX, summary, () -> locally.recordProgress(progress),
          () -> durably.recordProgress(progress));
      return;
    }
    RunIndexActivities index = Workflow.newActivityStub(RunIndexActivities.class,
        ActivityOptions.newBuilder(INDEX_WRITE).setSummary(summary).build());
    index.recordProgress(progress);
  }

  private RunProgress progress(RunStatus status, String outcome) {
    return new RunProgress(
            Workflow.getInfo().getWorkflowId(),
            Workflow.getInfo().getFirstExecutionRunId(),
            runType,
            labels,
            phase,
            status,
            sequence,
            startedAtMillis,
            Workflow.currentTimeMillis(),
            outcome);
  }

  private void upsertSearchAttributes(RunStatus status) {
    // Only runs started with Pitcrew's attributes have them registered on their namespace; upserting an
    // unregistered attribute would fail the workflow task forever.
    if (Workflow.getTypedSearchAttributes().containsKey(PitcrewSearchAttributes.TYPE)) {
      Workflow.upsertTypedSearchAttributes(
          PitcrewSearchAttributes.PHASE.valueSet(phase),
          PitcrewSearchAttributes.STATUS.valueSet(status.name()));
    }
  }
}
