-- JIRA webhook deliveries already acted on, by X-Atlassian-Webhook-Identifier: JIRA retries a delivery it thinks
-- failed, and a second status or priority signal must not be sent for the same change. Rows older than the
-- retention are pruned by the API.
create table jira_webhook_deliveries (
    identifier  text primary key,
    event       text        not null,
    issue_key   text        not null,
    received_at timestamptz not null default now()
);
create index jira_webhook_deliveries_by_time on jira_webhook_deliveries (received_at);
