package dev.pitcrew.workflows.drill;

/**
 * A drill run the Temporal engine lost (the in-process engine restarted without its state, a namespace lost): which
 * run it was, so its scratch copy can be found by the same name the run gave it, and who noticed.
 *
 * @param drill the drill's name
 * @param workflowId the lost run's workflow ID ({@code drill-<name>})
 * @param runId the lost run's run ID
 * @param noticedBy who found the run lost (the API's reconciliation)
 */
public record DrillLeftovers(String drill, String workflowId, String runId, String noticedBy) {

  /** The scratch database (or, for a Velero target, the base of the scratch namespace's name) the lost run made. */
  public String scratchDatabase() {
    return DrillWorkflowImpl.scratchDatabaseFor(workflowId, runId);
  }
}
