package dev.pitcrew.workflows.remediation;

/**
 * What starts a remediation. Start it with workflow ID {@link RemediationIds#workflowIdFor(String,
 * RemediationTarget)} through signal-with-start, so an alert storm yields one remediation per target.
 *
 * @param dryRun run everything except the actions, and record what they would have done
 * @param incidentId the incident the alert already opened (runbooks that page immediately); null otherwise
 */
public record RemediationInput(
    RunbookPlan runbook, RemediationTarget target, AlertFacts alert, boolean dryRun, String incidentId) {}
