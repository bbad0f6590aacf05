package dev.pitcrew.workflows.sla;

/** The two promises every ticket carries, as in JIRA Service Management and Zendesk SLA policies. */
public enum SlaGoal {
  FIRST_RESPONSE,
  RESOLUTION
}
