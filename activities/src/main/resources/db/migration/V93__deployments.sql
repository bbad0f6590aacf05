-- Pitcrew's record of deployments (issue 15): one row per deployment run, written by the deployment workflow in the
-- background at its start, at every phase and at its end, so the console's boards read what each one deploys and
-- waits for here, never by asking every deployment's workflow. The run's status and phase are in the runs index
-- (same workflow_id and run_id). Rows only move forward: a record with a lower sequence than the row's is ignored.
create table deployments (
    workflow_id          text        not null,
    run_id               text        not null,
    sequence             integer     not null,
    service              text,
    environment          text,
    requested_by         text,
    phase                text,
    awaiting             text,
    image                text,
    previous_image       text,
    new_colour           text,
    previous_colour      text,
    traffic_on           text,
    forbid_self_approval boolean     not null default false,
    outcome              text,
    recorded_at          timestamptz not null,
    updated_at           timestamptz not null default now(),
    primary key (workflow_id, run_id)
);

-- A board follows deployments with the runs of the same topic.
create trigger deployments_notify_change after insert or update on deployments
    for each row execute function pitcrew_notify_change('runs', 'workflow_id');
