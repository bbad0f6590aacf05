package dev.pitcrew.workflows.run;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Workflow-side record of where a run is. Each phase change updates the {@code phase} query, the run's search
 * attributes (when the run was started with them) and Pitcrew's runs index, through an activity so the index
 * write is retried durably like any other step.
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

  private final String runType;
  private final long startedAtMillis;
  private RunLabels labels;
  private String phase;
  private int sequence;
  private boolean closed;

  private RunTracker(String runType, RunLabels labels, String phase, int sequence, long startedAtMillis) {
    this.runType = runType;
    this.labels = labels == null ? RunLabels.NONE : labels;
    this.phase = phase;
    this.sequence = sequence;
    this.startedAtMillis = startedAtMillis;
  }

  /** Starts tracking a run and records its first phase. */
  public static RunTracker start(String runType, RunLabels labels, String initialPhase) {
    RunTracker tracker = startUnrecorded(runType, labels, initialPhase);
    tracker.recordRunning();
    return tracker;
  }

  /**
   * Starts tracking a run without recording it yet: for a workflow that writes its records from its own queue
   * (so a database outage never holds it up) and calls {@link #recordRunning()} from there.
   */
  public static RunTracker startUnrecorded(String runType, RunLabels labels, String initialPhase) {
    CurrentDetails.show(initialPhase, null);
    return new RunTracker(runType, labels, initialPhase, 0, Workflow.getInfo().getRunStartedTimestampMillis());
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
    RunTracker tracker =
        new RunTracker(
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
   * being cancelled. Exceptions are rethrown unchanged, so Temporal sees the same failure.
   */
  public <R> R runToCompletion(Functions.Func<R> body, Functions.Func1<R, String> outcome) {
    try {
      R result = body.apply();
      close(RunStatus.COMPLETED, "Completed", outcome.apply(result));
      return result;
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(() -> close(RunStatus.CANCELED, "Cancelled", "Cancelled at phase " + phase))
          .run();
      throw cancelled;
    } catch (RuntimeException failure) {
      close(RunStatus.FAILED, "Failed", "Failed at phase " + phase + ": " + failure.getMessage());
      throw failure;
    }
  }

  private void record(RunStatus status, String outcome) {
    upsertSearchAttributes(status);
    sequence++;
    RunIndexActivities index = Workflow.newActivityStub(RunIndexActivities.class,
        ActivityOptions.newBuilder(INDEX_WRITE).setSummary("runs index: " + phase + " (" + status + ")").build());
    index.recordProgress(
        new RunProgress(
            Workflow.getInfo().getWorkflowId(),
            Workflow.getInfo().getFirstExecutionRunId(),
            runType,
            labels,
            phase,
            status,
            sequence,
            startedAtMillis,
            Workflow.currentTimeMillis(),
            outcome));
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
