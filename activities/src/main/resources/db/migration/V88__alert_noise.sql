-- Auto-remediation (issue 14): "resolved as noise". A responder marks an alert episode (by its fingerprint) or a
-- remediation (by its workflow ID) as noise; the alert-quality report counts the episode it names as a false
-- positive. Rows are never updated: a second mark of the same episode is another row, and the report counts the
-- episode once.
create table alert_noise (
    id              bigserial primary key,
    fingerprint     text,                       -- the alert's fingerprint, or null when marked by remediation
    remediation_id  text,                       -- the remediation's workflow ID, or null when marked by alert
    alertname       text        not null,
    service         text        not null,
    reason          text,
    marked_by       text        not null,
    marked_at       timestamptz not null default now(),
    check (fingerprint is not null or remediation_id is not null)
);
create index alert_noise_by_time on alert_noise (marked_at);
