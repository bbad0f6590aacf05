-- The runs index: one row per run (chain of a workflow ID's first execution and its continue-as-new
-- successors), written by the workflows themselves (RunIndexActivities) so the run list works on any Temporal
-- server, the embedded test server included, and stays fast at 100k runs. A workflow ID reused by a later run
-- (the next deployment of the same service) gets a row of its own.
create table runs (
    workflow_id  text        not null,
    run_id       text        not null,
    run_type     text        not null,
    status       text        not null,
    phase        text,
    service      text,
    environment  text,
    severity     text,
    outcome      text,
    sequence     integer     not null,
    started_at   timestamptz not null,
    updated_at   timestamptz not null,
    closed_at    timestamptz,
    primary key (workflow_id, run_id)
);

-- The list endpoint pages newest first, optionally filtered by type and/or status.
create index runs_by_start on runs (started_at desc, workflow_id desc);
create index runs_by_type_start on runs (run_type, started_at desc, workflow_id desc);
create index runs_by_status_start on runs (status, started_at desc, workflow_id desc);
create index runs_by_workflow_id on runs (workflow_id, started_at desc);

-- Caller-supplied idempotency keys for POST /api/v1/runs: the same key always answers with the same run.
create table run_requests (
    idempotency_key     text primary key,
    run_type            text        not null,
    request_fingerprint text        not null,
    workflow_id         text        not null,
    created_at          timestamptz not null default now()
);
