package dev.pitcrew.activities.audit;

/** How a state change ended, as the audit log records it. */
public enum AuditOutcome {
  /** Carried out (2xx/3xx, a Slack command that ran, a workflow's own phase change). */
  ACCEPTED,
  /** Refused for who asked: unauthenticated (401), forbidden (403), a ChatOps permission denial. */
  DENIED,
  /** Refused for what was asked: a bad request, an unknown target, a conflict (4xx other than 401/403). */
  REJECTED,
  /** Pitcrew or a system behind it failed (5xx). */
  FAILED
}
