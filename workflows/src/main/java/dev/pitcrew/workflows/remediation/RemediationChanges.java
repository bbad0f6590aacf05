package dev.pitcrew.workflows.remediation;

import io.temporal.workflow.Workflow;

/**
 * The remediation workflow's changes since 0.2.0, each decided once, first thing in a run (see docs/development.md,
 * "Determinism and replay"): a run that began under older code replays its old branch.
 *
 * @param holdsTheTarget after its outcome, a remediation that did not see its alert resolve stays open for the rest
 *     of the runbook's rate-limit window and absorbs further firings of its target, so one episode of an alert is
 *     one remediation (and one escalation) however long its storm lasts
 * @param asksInSlack a remediation waiting for an approval posts Approve/Reject buttons to its runbook's Slack
 *     channel (in the background: Slack never holds it up) and closes them once decided or timed out
 * @param enrichesWithTheAlert enrichment also gathers the value that fired and recent deployments, and an escalation
 *     carries everything gathered onto the incident's timeline
 */
record RemediationChanges(boolean holdsTheTarget, boolean asksInSlack, boolean enrichesWithTheAlert) {
  static final String HOLD_THE_TARGET = "remediation-holds-target-for-window";
  static final String ASK_IN_SLACK = "remediation-approval-buttons-in-slack";
  static final String ENRICH_WITH_THE_ALERT = "remediation-enrich-with-alert-value";

  static RemediationChanges decide() {
    return new RemediationChanges(
        Workflow.getVersion(HOLD_THE_TARGET, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(ASK_IN_SLACK, Workflow.DEFAULT_VERSION, 1) >= 1,
        Workflow.getVersion(ENRICH_WITH_THE_ALERT, Workflow.DEFAULT_VERSION, 1) >= 1);
  }
}
