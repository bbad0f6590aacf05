package dev.pitcrew.workflows.remediation;

/** How a remediation ended. */
public enum RemediationOutcome {
  /** The actions ran and the verification held: recorded as auto-resolved, nobody paged for it. */
  AUTO_RESOLVED,
  /** The alert resolved by itself before any action ran. */
  RESOLVED_BY_ITSELF,
  /** Not fixed (verification failed, an action failed, approval rejected or timed out): escalated to an incident. */
  ESCALATED,
  /** A guardrail refused it: escalated to an incident. */
  REFUSED,
  /** Dry-run: the plan is recorded, nothing acted; the alert went on to an incident as without a runbook. */
  DRY_RUN
}
