package dev.pitcrew.api.incidents;

/** What an alert or declaration did. */
public enum IntakeOutcome {
  /** No live incident had its dedup key: one was opened (or a concurrent duplicate opened it a moment before). */
  OPENED,
  /** It joined the live incident with its dedup key. */
  JOINED,
  /** A resolved alert for which no incident is live: nothing to record it on. */
  NO_OPEN_INCIDENT,
  /** A runbook took the alert: its remediation is fixing it, and pages only if it cannot (see docs/remediation.md). */
  REMEDIATING
}
