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
  /** Every alert of the incident cleared: escalation holds until an alert fires again or a human acts. */
  ALERTS_CLEARED,
  /** An alert fired again on an incident whose alerts had all cleared: escalation goes on where it held. */
  ESCALATION_RESUMED,
  RESOLVED,
  POSTMORTEM_FILED,
  CHANNEL_ARCHIVED
}
