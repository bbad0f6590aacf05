-- Backup and restore drills (issue 13). Definitions are edited with PUT /api/v1/drills/{name}; every drill run
-- stores its report here when it ends (the drill workflow's DrillReportActivities), for GET /api/v1/drills/{name}/runs.
create table drill_definitions (
    name        text        primary key,   -- e.g. game-db; also the stem of its runs' workflow IDs
    definition  jsonb       not null,      -- DrillDefinition: target, backup, verification, objectives, reporting
    updated_by  text        not null,      -- the authenticated principal of the last PUT
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table drill_runs (
    run_id           text        primary key,   -- Temporal run ID of the drill run (one row per run)
    workflow_id      text        not null,
    drill_name       text        not null,
    status           text        not null,      -- PASSED, FAILED, CANCELLED
    started_at       timestamptz not null,
    finished_at      timestamptz not null,
    rto_seconds      double precision,          -- restore start to verified; null when it never got there
    rpo_seconds      double precision,          -- age of the restored point when verified
    rto_met          boolean,
    rpo_met          boolean,
    backup_age_seconds double precision,        -- age of the backup when the drill began
    incident_id      text,                      -- the incident a failed drill opened or joined
    report           jsonb       not null       -- DrillReport: steps, sizes, throughput, counts, checksums, assertions
);
create index drill_runs_by_drill on drill_runs (drill_name, started_at desc);
