package dev.pitcrew.workflows.selfcheck;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Pitcrew's own end-to-end check: a run that exercises every moving part an operations workflow relies on
 * (an activity on a worker, the database, a durable timer, a human signal, the runs index). Run it after an
 * install or upgrade; if it completes, the engine is healthy.
 */
@WorkflowInterface
public interface SelfCheckWorkflow extends PhaseAware {
  String RUN_TYPE = "self-check";
  String CONFIRM_SIGNAL = "confirm";

  @WorkflowMethod
  SelfCheckResult check(SelfCheckInput input);

  @SignalMethod(name = CONFIRM_SIGNAL)
  void confirm(Confirmation confirmation);
}
