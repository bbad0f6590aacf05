package dev.pitcrew.workflows.remediation;

import dev.pitcrew.workflows.chatops.ChatOpsContext;

/**
 * What starts a remediation. Start it with workflow ID {@link RemediationIds#workflowIdFor(String,
 * RemediationTarget)} through signal-with-start, so an alert storm yields one remediation per target.
 *
 * @param dryRun run everything except the actions, and record what they would have done
 * @param incidentId the incident the alert already opened (runbooks that page immediately); null otherwise
 * @param chat the Slack channel that is asked for approvals (Approve/Reject buttons), or null for none
 */
public record RemediationInput(
    RunbookPlan runbook, RemediationTarget target, AlertFacts alert, boolean dryRun, String incidentId,
    ChatOpsContext chat) {

  public RemediationInput(
      RunbookPlan runbook, RemediationTarget target, AlertFacts alert, boolean dryRun, String incidentId) {
    this(runbook, target, alert, dryRun, incidentId, null);
  }
}
