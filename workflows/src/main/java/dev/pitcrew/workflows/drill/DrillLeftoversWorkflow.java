package dev.pitcrew.workflows.drill;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Cleans up after a drill run the engine lost: that run can no longer clean up itself, and its scratch database
 * (or namespace) would otherwise stay on the drilled server for ever. Started by the API's reconciliation when it
 * marks the drill run LOST; one per lost run (see {@link #workflowId(String)}).
 */
@WorkflowInterface
public interface DrillLeftoversWorkflow {
  String RUN_TYPE = "drill-leftovers";

  static String workflowId(String lostRunId) {
    return "drill-leftovers-" + lostRunId;
  }

  /** Answers what was done, in words for the run's outcome and the lost run's reason. */
  @WorkflowMethod
  String cleanUp(DrillLeftovers leftovers);
}
