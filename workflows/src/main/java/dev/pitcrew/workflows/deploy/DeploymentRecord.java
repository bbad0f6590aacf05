package dev.pitcrew.workflows.deploy;

/**
 * A deployment as it stands, for Pitcrew's {@code deployments} table.
 *
 * @param runId the run ID of the first execution: a workflow ID is reused by the service's next deployment, which
 *     gets a row of its own (as in the runs index)
 * @param sequence increases with every record of one run, so a late retry of an older record is ignored
 * @param recordedAtMillis workflow time of the record
 */
public record DeploymentRecord(
    String workflowId, String runId, int sequence, long recordedAtMillis, DeploymentStatus status) {}
