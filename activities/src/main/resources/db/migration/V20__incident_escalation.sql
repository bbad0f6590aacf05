-- Incident escalation (issue 4). Versions V20..V29 belong to the incident family.

-- One row per incident, written by IncidentWorkflow through IncidentRecordActivities. Times only move forward:
-- acknowledged_at and resolved_at keep the first value written.
create table incidents (
    incident_id      text primary key,
    dedup_key        text        not null,
    service          text        not null,
    title            text,
    severity         text        not null,
    state            text        not null,
    source           text,
    commander        text,
    opened_at        timestamptz not null,
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    resolved_at      timestamptz,
    resolved_by      text,
    escalation_level integer,
    escalation_loop  integer,
    slack_channel    text,
    postmortem_key   text,
    updated_at       timestamptz not null default now()
);
create index incidents_by_opened on incidents (opened_at desc, incident_id desc);
create index incidents_by_service_opened on incidents (service, opened_at desc);

-- Every level paged; the primary key makes a retried record a no-op (and keeps the metric exact).
create table incident_escalations (
    incident_id  text        not null,
    loop         integer     not null,
    level        integer     not null,
    escalated_by text        not null,
    escalated_at timestamptz not null,
    primary key (incident_id, loop, level)
);

-- Per-service escalation policies, edited through the API; the document is an EscalationPolicy as JSON.
create table escalation_policies (
    service    text primary key,
    policy     jsonb       not null,
    updated_by text,
    updated_at timestamptz not null default now()
);

-- What an integration would have sent, in local mode (no token configured). Never holds a secret.
create table integration_outbox (
    id          bigserial primary key,
    integration text        not null,
    operation   text        not null,
    target      text,
    payload     jsonb       not null,
    created_at  timestamptz not null default now()
);
create index integration_outbox_newest on integration_outbox (id desc);
