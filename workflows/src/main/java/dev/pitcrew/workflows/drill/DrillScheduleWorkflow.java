package dev.pitcrew.workflows.drill;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A drill's schedule, as a workflow of its own so it works on every Temporal (the in-process test server has no
 * Schedules): it sleeps on a durable timer until the next cron firing, starts the drill, and continues as new. A
 * firing while a run of the drill is going is skipped (the overlap policy).
 */
@WorkflowInterface
public interface DrillScheduleWorkflow extends PhaseAware {
  String RUN_TYPE = "drill-schedule";
  String RESCHEDULE_SIGNAL = "reschedule";

  static String workflowId(String drill) {
    return "drill-schedule-" + drill;
  }

  @WorkflowMethod
  void keep(DrillScheduleState state);

  /** Stops firing until resumed; refused when already paused. */
  @UpdateMethod
  DrillScheduleView pause(String by);

  @UpdateValidatorMethod(updateName = "pause")
  void validatePause(String by);

  @UpdateMethod
  DrillScheduleView resume(String by);

  @UpdateValidatorMethod(updateName = "resume")
  void validateResume(String by);

  /** Fires now, outside the cron (still skipped while a run is going). */
  @UpdateMethod
  DrillScheduleView trigger(String by);

  @UpdateValidatorMethod(updateName = "trigger")
  void validateTrigger(String by);

  /** The drill's definition changed its schedule. */
  @SignalMethod(name = RESCHEDULE_SIGNAL)
  void reschedule(DrillSchedule schedule);

  @QueryMethod
  DrillScheduleView view();
}
