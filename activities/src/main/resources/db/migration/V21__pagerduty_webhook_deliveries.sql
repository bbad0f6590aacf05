-- PagerDuty v3 webhook deliveries already acted on, by X-Webhook-Id: PagerDuty retries a delivery it thinks failed,
-- and an incident must not be acknowledged or resolved twice from one delivery. Same shape as
-- jira_webhook_deliveries (V31), so the API shares the code; rows older than the retention are pruned by the API.
create table pagerduty_webhook_deliveries (
    identifier   text primary key,
    event        text        not null,
    -- event.data.incident_key: the Pitcrew incident ID the event is about, when it names one
    incident_key text,
    received_at  timestamptz not null default now()
);
create index pagerduty_webhook_deliveries_by_time on pagerduty_webhook_deliveries (received_at);

-- Which PagerDuty incident is which Pitcrew incident, learnt from events that carry both (incident.triggered and
-- the like carry data.incident_key): PagerDuty's note events name only the PagerDuty incident.
create table pagerduty_incident_links (
    pagerduty_incident text primary key,
    incident_id        text        not null,
    seen_at            timestamptz not null default now()
);
