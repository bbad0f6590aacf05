package dev.pitcrew.workflows.drill;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A backup and restore drill: proves that a backup restores, measures RTO and RPO against their targets, reports
 * with evidence and always cleans up. See docs/drills.md.
 *
 * <p>Start it with {@link #workflowId(String)}: one run of a drill at a time (a second start while one runs is
 * refused, which is also a schedule's overlap policy).
 */
@WorkflowInterface
public interface DrillWorkflow extends PhaseAware {
  String RUN_TYPE = "drill";
  String REPORT_QUERY = "report";

  static String workflowId(String drill) {
    return "drill-" + drill;
  }

  /** A recovery of the drill's target runs under its own ID: a drill may run beside it, never a second recovery. */
  static String recoveryWorkflowId(String drill) {
    return "recovery-" + drill;
  }

  /** Runs the drill; completes with its report when it passed, fails {@code DrillFailed} otherwise. */
  @WorkflowMethod
  DrillReport run(DrillRequest request);

  /**
   * Recovery mode: lets the verified copy take the target's place. Refused unless the run awaits this decision,
   * the caller holds {@code drills.recover} and is not the person who asked for the recovery (two-person rule).
   */
  @UpdateMethod
  DrillReport approveRecovery(RecoveryDecision decision);

  @UpdateValidatorMethod(updateName = "approveRecovery")
  void validateApproveRecovery(RecoveryDecision decision);

  /** Recovery mode: stops the recovery before anything is replaced; the scratch copy is dropped. */
  @UpdateMethod
  DrillReport rejectRecovery(RecoveryDecision decision);

  @UpdateValidatorMethod(updateName = "rejectRecovery")
  void validateRejectRecovery(RecoveryDecision decision);

  /** The report so far (steps done, measurements taken). */
  @QueryMethod(name = REPORT_QUERY)
  DrillReport report();
}
