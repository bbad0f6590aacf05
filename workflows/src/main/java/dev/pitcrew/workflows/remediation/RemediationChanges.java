package dev.pitcrew.workflows.remediation;

import io.temporal.workflow.Workflow;

/**
 * The remediation workflow's changes since 0.2.0, each decided once, first thing in a run (see docs/development.md,
 * "Determinism and replay"): a run that began under older code replays its old branch.
 *
 * @param holdsTheTarget after its outcome, a remediation that did not see its alert resolve stays open for the rest
 *     of the runbook's rate-limit window and absorbs further firings of its target, so one episode of an alert is
 *     one remediation (and one escalation) however long its storm lasts
 */
record RemediationChanges(boolean holdsTheTarget) {
  static final String HOLD_THE_TARGET = "remediation-holds-target-for-window";

  static RemediationChanges decide() {
    return new RemediationChanges(Workflow.getVersion(HOLD_THE_TARGET, Workflow.DEFAULT_VERSION, 1) >= 1);
  }
}
