-- GET /api/v1/incidents/{id} answers from this row instead of asking the incident's workflow (a query waits behind
-- the workflow's tasks on a worker, and a busy incident, one people keep adding notes to, always has some). The row
-- therefore holds the rest of what the detail shows. The workflow passes its whole status to every record, so these
-- fill from the incident's next record on; null on rows written before.
alter table incidents add column slack_channel_id text;
-- Next reminder that a stakeholder update is due; null when the severity has no cadence or once resolved.
alter table incidents add column next_stakeholder_update_due_at timestamptz;
-- When every alert had cleared (escalation holds); null again once one fires.
alter table incidents add column alerts_cleared_at timestamptz;
-- JIRA keys of the postmortem's follow-up issues, in the order filed (a JSON array of strings).
alter table incidents add column follow_up_keys jsonb;
