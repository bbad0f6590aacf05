-- The tamper-evident audit trail: every state change from every channel (REST, console, Slack, webhooks,
-- workflows), written by dev.pitcrew.activities.audit.AuditTrail. Each row's hash covers its contents and the
-- previous row's hash (see AuditHash for the canonical form), so a changed or removed row breaks the chain.
create table audit_log (
    id             bigserial primary key,
    at             timestamptz not null,
    principal      text not null,
    channel        text not null,
    source_address text,
    action         text not null,
    target         text,
    outcome        text not null check (outcome in ('ACCEPTED', 'DENIED', 'REJECTED', 'FAILED')),
    reason         text,
    prev_hash      text,
    hash           text not null
);

-- Retention prunes by time; the API filters by time, principal and target, newest first.
create index audit_log_at on audit_log (at);
create index audit_log_principal on audit_log (principal, id);
create index audit_log_target on audit_log (target, id) where target is not null;

-- Append-only in the database too: rows are never updated, and deleted only by retention pruning, which sets
-- pitcrew.audit_prune for its own transaction. This keeps mistakes and ordinary application bugs out; someone
-- who can disable triggers can still change rows, which is what the hash chain is there to reveal.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('pitcrew.audit_prune', true) = 'on' then
        return old;
    end if;
    raise exception 'audit_log is append-only: % refused', tg_op;
end
$$;

create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();

-- The canonical form's field: its UTF-8 byte length, a colon and the value, or '-' for null.
create function audit_log_hash_field(v text) returns text language sql immutable as $$
    select coalesce(octet_length(convert_to(v, 'UTF8')) || ':' || v, '-')
$$;

-- The hash a row must carry, computed in SQL exactly as AuditHash does in Java, for checking by hand:
--   select id from audit_log a where hash <> audit_log_row_hash(a);
create function audit_log_row_hash(r audit_log) returns text language sql stable as $$
    select encode(sha256(convert_to(
        'v1'
        || '|' || audit_log_hash_field(r.id::text)
        || '|' || audit_log_hash_field(to_char(r.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || '|' || audit_log_hash_field(r.principal)
        || '|' || audit_log_hash_field(r.channel)
        || '|' || audit_log_hash_field(r.source_address)
        || '|' || audit_log_hash_field(r.action)
        || '|' || audit_log_hash_field(r.target)
        || '|' || audit_log_hash_field(r.outcome)
        || '|' || audit_log_hash_field(r.reason)
        || '|' || audit_log_hash_field(r.prev_hash),
        'UTF8')), 'hex')
$$;
