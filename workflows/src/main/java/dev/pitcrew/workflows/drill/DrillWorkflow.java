package dev.pitcrew.workflows.drill;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
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

  /** Runs the drill; completes with its report when it passed, fails {@code DrillFailed} otherwise. */
  @WorkflowMethod
  DrillReport run(DrillRequest request);

  /** The report so far (steps done, measurements taken). */
  @QueryMethod(name = REPORT_QUERY)
  DrillReport report();
}
