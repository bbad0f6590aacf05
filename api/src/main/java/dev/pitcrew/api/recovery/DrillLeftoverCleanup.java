package dev.pitcrew.api.recovery;

import dev.pitcrew.api.runs.LostRuns.IndexedRun;
import dev.pitcrew.api.runs.StartDescription;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.drill.DrillLeftovers;
import dev.pitcrew.workflows.drill.DrillLeftoversWorkflow;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What a drill run the engine lost left on the drilled server is cleaned up by a run of its own: the lost run can
 * no longer do it, and a scratch database nobody drops is a ghost that grows with every engine loss. A recovery
 * (recovery mode) is not touched: after its promotion the "scratch" copy is the real database.
 */
@Component
class DrillLeftoverCleanup {
  private static final String DRILL_ID_PREFIX = DrillWorkflow.workflowId("");

  private final WorkflowClient client;

  DrillLeftoverCleanup(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Starts the clean-up of a lost drill run (once per run); answers what the run's LOST reason should add. Throws
   * when the start fails, so the run stays RUNNING and the next reconciliation pass tries again.
   */
  String cleanUpAfter(IndexedRun lost) {
    if (!lost.workflowId().startsWith(DRILL_ID_PREFIX)) {
      return "A recovery's scratch copy is not dropped automatically (after its promotion it is the real "
          + "database): see docs/drills.md, \"Runbook: a recovery\"";
    }
    String drill = lost.workflowId().substring(DRILL_ID_PREFIX.length());
    DrillLeftovers leftovers = new DrillLeftovers(drill, lost.workflowId(), lost.runId(), "reconciliation");
    String workflowId = DrillLeftoversWorkflow.workflowId(lost.runId());
    WorkflowOptions options = StartDescription.of("clean up after the lost run of drill " + drill)
        .with("Drill", drill)
        .with("Lost run", lost.runId())
        .with("Scratch copy", leftovers.scratchDatabase())
        .applyTo(WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.OPERATIONS)
            // One clean-up per lost run, also when a later pass or another replica asks after it ended.
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setMemo(Map.of("type", DrillLeftoversWorkflow.RUN_TYPE, "service", drill)))
        .build();
    try {
      WorkflowClient.start(client.newWorkflowStub(DrillLeftoversWorkflow.class, options)::cleanUp, leftovers);
    } catch (WorkflowExecutionAlreadyStarted already) {
      // another API instance (or an earlier pass) started it
    }
    return "Clean-up of its scratch copy " + leftovers.scratchDatabase() + " started as run " + workflowId
        + " (its outcome says what was dropped)";
  }
}
