package dev.pitcrew.workflows.incident;

public enum TimelineEvent {
  OPENED,
  ALERT,
  ALERT_RESOLVED,
  PAGED,
  ESCALATED,
  ESCALATION_EXHAUSTED,
  CHANNEL_OPENED,
  ACKNOWLEDGED,
  SEVERITY_CHANGED,
  NOTE,
  STAKEHOLDER_UPDATE,
  STAKEHOLDER_UPDATE_DUE,
  /** A signal that arrived too late or made no sense in the incident's state; kept so nobody wonders. */
  IGNORED,
  INTEGRATION_FAILED,
  RESOLVED,
  POSTMORTEM_FILED,
  CHANNEL_ARCHIVED
}
