-- Auto-remediation (issue 14). Versions V65..V69 belong to the remediation family.

-- Runbooks as code: the current document of each runbook, and every version it ever had (who, when).
create table runbooks (
    name        text primary key,
    version     integer     not null,
    document    jsonb       not null,
    updated_by  text        not null,
    updated_at  timestamptz not null default now()
);

create table runbook_versions (
    name        text        not null,
    version     integer     not null,
    document    jsonb,                       -- null: the version that deleted the runbook
    changed_by  text        not null,
    changed_at  timestamptz not null default now(),
    primary key (name, version)
);

-- Switches people flip while remediations run: the global kill switch (runbook '*') and one per runbook, plus
-- dry-run per runbook. The '*' row is also the lock every guardrail claim takes (see remediation_claims).
create table remediation_switches (
    runbook     text primary key,
    paused      boolean     not null default false,
    dry_run     boolean     not null default false,
    changed_by  text,
    changed_at  timestamptz not null default now()
);
insert into remediation_switches (runbook, paused, changed_by) values ('*', false, 'pitcrew');

-- Maintenance windows and silences: no remediation of a matching service (or '*' for all) inside [starts_at, ends_at).
create table remediation_windows (
    id          bigserial primary key,
    service     text        not null,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    reason      text        not null,
    created_by  text        not null,
    created_at  timestamptz not null default now()
);
create index remediation_windows_by_end on remediation_windows (ends_at);

-- One guardrail decision per remediation run, taken under a row lock on remediation_switches('*') so that the
-- concurrency, rate-limit and blast-radius counts below are exact under any storm. Refusals stay as rows too.
create table remediation_claims (
    remediation_id  text        not null,       -- workflow ID:run ID, so a retried claim finds its decision
    runbook         text        not null,
    service         text        not null,
    target          text        not null,
    pods_touched    integer     not null,
    granted         boolean     not null,
    reason          text,
    claimed_at      timestamptz not null,
    released_at     timestamptz,
    outcome         text,
    primary key (remediation_id)
);
create index remediation_claims_active on remediation_claims (released_at) where granted and released_at is null;
create index remediation_claims_by_target on remediation_claims (target, claimed_at) where granted;
create index remediation_claims_by_service on remediation_claims (service, claimed_at) where granted;

-- Every alert the Alertmanager hook took in, for the alert-quality report.
create table alert_events (
    id              bigserial primary key,
    fingerprint     text        not null,
    alertname       text        not null,
    service         text        not null,
    status          text        not null,       -- firing | resolved
    received_at     timestamptz not null,
    runbook         text,
    remediation_id  text,
    incident_id     text
);
create index alert_events_by_time on alert_events (received_at);

-- How each remediation ended (one row per run), for the report and the auto-resolve metrics.
create table remediation_outcomes (
    remediation_id  text primary key,           -- workflow ID:run ID
    runbook         text        not null,
    service         text        not null,
    target          text        not null,
    alertname       text,
    outcome         text        not null,       -- AUTO_RESOLVED | ESCALATED | REFUSED | DRY_RUN | REJECTED
    detail          text,
    incident_id     text,
    started_at      timestamptz not null,
    ended_at        timestamptz not null
);
create index remediation_outcomes_by_end on remediation_outcomes (ended_at);
