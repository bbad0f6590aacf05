package dev.pitcrew.workflows.drill;

import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTracker;
import dev.pitcrew.workflows.run.Refusal;
import dev.pitcrew.workflows.run.RunStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public class DrillScheduleWorkflowImpl implements DrillScheduleWorkflow {
  static final String WAITING = "Waiting";
  static final String PAUSED = "Paused";
  static final String STOPPED = "Stopped";
  /**
   * Version 1: a cancelled schedule (its drill deleted or unscheduled) records its end in the runs index, and the
   * drill runs it starts live outside its cancellation scope, so stopping the schedule never cancels a drill.
   */
  static final String RECORDS_STOP = "drill-schedule-records-stop";
  static final int PREVIEW = 5;

  private DrillScheduleState state;
  private RunTracker tracker;
  private boolean triggered;
  private boolean changed;
  private int version;
  /** The drill run this schedule started and is still waiting for; null when none. */
  private Promise<DrillReport> running;

  /** Whether keep() has begun: until then a reschedule signal is left to the start's own input. */
  private boolean keeping;

  /**
   * The state is set before any handler runs: a pause, resume or trigger that arrives with the run's first workflow
   * task (right after a start, or a continue-as-new) finds the schedule instead of failing the task.
   */
  @WorkflowInit
  public DrillScheduleWorkflowImpl(DrillScheduleState initial) {
    state = initial;
  }

  @Override
  public void keep(DrillScheduleState initial) {
    version = Workflow.getVersion(RECORDS_STOP, Workflow.DEFAULT_VERSION, 1);
    // state may already carry a decision that came with the first task; the run's record follows the input.
    String phase = state.paused() ? PAUSED : WAITING;
    tracker = initial.tracker() == null
        ? RunTracker.start(RUN_TYPE, new RunLabels(initial.drill(), null, null), phase)
        : RunTracker.resume(initial.tracker());
    keeping = true;
    try {
      keepFiring();
    } catch (CanceledFailure stopped) {
      if (version >= 1) {
        // The drill was deleted or lost its schedule: the run list shows the schedule ended, not running forever.
        Workflow.newDetachedCancellationScope(() -> tracker.close(RunStatus.CANCELED, STOPPED,
            "Schedule of drill " + state.drill() + " stopped after " + state.fired() + " runs")).run();
      }
      throw stopped;
    }
  }

  private void keepFiring() {
    while (true) {
      long now = Workflow.currentTimeMillis();
      Optional<Long> next = state.paused() ? Optional.empty() : state.schedule().nextAfter(now);
      // Jitter from the workflow's seeded random: the same on every replay.
      long jitter = state.schedule().jitterSeconds() == 0 ? 0
          : Workflow.newRandom().nextInt(state.schedule().jitterSeconds() + 1) * 1000L;
      Workflow.setCurrentDetails("Drill " + state.drill() + ": " + (state.paused() ? "paused"
          : next.map(t -> "next run at " + Instant.ofEpochMilli(t)).orElse("the cron never fires again")));
      changed = false;
      boolean due;
      if (next.isEmpty()) {
        Workflow.await(() -> triggered || changed || runEnded());
        due = triggered;
      } else {
        Duration wait = Duration.ofMillis(Math.max(0, next.get() + jitter - now));
        due = !Workflow.await(wait, () -> triggered || changed || runEnded()) || triggered;
      }
      if (changed && !tracker.phase().equals(state.paused() ? PAUSED : WAITING)) {
        tracker.enter(state.paused() ? PAUSED : WAITING);
      }
      if (due) {
        fire();
      }
      // Continue as new once no run of ours is going: every firing's history stays in one short run.
      if (runEnded() || (due && running == null)) {
        Workflow.continueAsNew(new DrillScheduleState(state.drill(), state.schedule(), state.paused(), state.fired(),
            state.skipped(), state.lastFiredAtMillis(), state.lastOutcome(), tracker.checkpoint()));
      }
    }
  }

  private boolean runEnded() {
    return running != null && running.isCompleted();
  }

  /** Starts the drill unless a run of it is going: then this firing is skipped. */
  private void fire() {
    triggered = false;
    long at = Workflow.currentTimeMillis();
    if (running != null && !running.isCompleted()) {
      // Our own run is still going: skip without asking the server (a refused child start would also do, but
      // Temporal's test server then keeps time skipping locked for good, which hung the time-skipping tests).
      skip(at);
      return;
    }
    DrillWorkflow drill = Workflow.newChildWorkflowStub(DrillWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(DrillWorkflow.workflowId(state.drill()))
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setStaticSummary("drill of " + state.drill() + ", started by its schedule")
        .setStaticDetails("drill: " + state.drill() + "\nschedule: " + state.schedule().cron() + " ("
            + state.schedule().timeZone() + ")\nworkflow: " + DrillScheduleWorkflow.workflowId(state.drill()))
        .build());
    // A start refused because a run of the drill is going fails the result and never completes the execution.
    DrillRequest request = new DrillRequest(state.drill(), "schedule", "schedule", null);
    List<Promise<DrillReport>> started = new ArrayList<>(1);
    if (version >= 1) {
      // Abandoned on close is not enough: cancelling the schedule would cancel the child through its scope.
      Workflow.newDetachedCancellationScope(() -> started.add(Async.function(drill::run, request))).run();
    } else {
      started.add(Async.function(drill::run, request));
    }
    Promise<DrillReport> result = started.getFirst();
    Promise<WorkflowExecution> execution = Workflow.getWorkflowExecution(drill);
    try {
      Promise.anyOf(execution, result).get();
    } catch (TemporalFailure refused) {
      // read below
    }
    if (execution.isCompleted() && execution.getFailure() == null) {
      running = result;
      state = new DrillScheduleState(state.drill(), state.schedule(), state.paused(), state.fired() + 1,
          state.skipped(), at, "started run " + execution.get().getRunId(), null);
    } else {
      skip(at); // a run started by hand (API, Slack) is going
    }
  }

  private void skip(long at) {
    state = new DrillScheduleState(state.drill(), state.schedule(), state.paused(), state.fired(),
        state.skipped() + 1, at, "skipped: a run of the drill is going", null);
  }

  @Override
  public DrillScheduleView pause(String by) {
    state = new DrillScheduleState(state.drill(), state.schedule(), true, state.fired(), state.skipped(),
        state.lastFiredAtMillis(), "paused by " + by, null);
    changed = true;
    return view();
  }

  @Override
  public void validatePause(String by) {
    requireActor(by);
    if (state != null && state.paused()) {
      throw Refusal.ALREADY_DECIDED.because("the schedule of drill " + state.drill() + " is already paused");
    }
  }

  @Override
  public DrillScheduleView resume(String by) {
    state = new DrillScheduleState(state.drill(), state.schedule(), false, state.fired(), state.skipped(),
        state.lastFiredAtMillis(), "resumed by " + by, null);
    changed = true;
    return view();
  }

  @Override
  public void validateResume(String by) {
    requireActor(by);
    if (state != null && !state.paused()) {
      throw Refusal.WRONG_PHASE.because("the schedule of drill " + state.drill() + " is not paused");
    }
  }

  @Override
  public DrillScheduleView trigger(String by) {
    triggered = true;
    return view();
  }

  @Override
  public void validateTrigger(String by) {
    requireActor(by);
  }

  @Override
  public void reschedule(DrillSchedule schedule) {
    // With signal-with-start the signal can arrive before keep() has begun; the start carries the schedule anyway.
    if (schedule != null && keeping) {
      state = new DrillScheduleState(state.drill(), schedule, state.paused(), state.fired(), state.skipped(),
          state.lastFiredAtMillis(), state.lastOutcome(), null);
      changed = true;
    }
  }

  @Override
  public DrillScheduleView view() {
    return new DrillScheduleView(state.drill(), state.schedule(), state.paused(),
        state.paused() ? List.of() : state.schedule().next(Workflow.currentTimeMillis(), PREVIEW),
        state.fired(), state.skipped(), state.lastFiredAtMillis(), state.lastOutcome());
  }

  @Override
  public String phase() {
    return tracker == null ? WAITING : tracker.phase();
  }

  private static void requireActor(String by) {
    if (by == null || by.isBlank()) {
      throw Refusal.INVALID.because("a schedule change must say who made it");
    }
  }
}
