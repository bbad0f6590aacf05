package dev.pitcrew.workflows.run;

/**
 * One entry in a run's progress: written to the runs index whenever the workflow changes phase or closes.
 *
 * @param runId the run ID of the first execution in a continue-as-new chain: one index row per chain, so a
 *     workflow ID reused by a later run (e.g. the next deployment of a service) keeps the earlier run's row
 *
 * @param sequence increases with every record of one run, so a late retry of an older record never overwrites a newer one
 * @param recordedAtMillis workflow time of the change (deterministic, from {@code Workflow.currentTimeMillis()})
 * @param outcome a one-line human summary, set when the run closes
 */
public record RunProgress(
    String workflowId,
    String runId,
    String runType,
    RunLabels labels,
    String phase,
    RunStatus status,
    int sequence,
    long startedAtMillis,
    long recordedAtMillis,
    String outcome) {}
