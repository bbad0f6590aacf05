-- ChatOps (issue 5). Every Slack command and button click, as an audit trail and as a durable inbox: a row is
-- written before Slack is acknowledged, so a command accepted by Pitcrew is never lost by a restart.
create table chatops_audit (
    id             bigserial primary key,
    received_at    timestamptz not null default now(),
    finished_at    timestamptz,
    kind           text        not null,           -- command | action
    slack_team_id  text,
    slack_user_id  text        not null,
    identity       text,                           -- the Pitcrew identity the Slack user mapped to
    channel_id     text,
    action         text        not null,           -- e.g. "selfcheck demo" or "pitcrew.selfcheck.confirm"
    target         text,                           -- the run it started or steered
    result         text        not null,           -- accepted (in flight) | ok | denied | usage | not_found | conflict | error
    detail         text,
    request        jsonb       not null            -- what is needed to carry the request out again after a restart
);
create index chatops_audit_by_time on chatops_audit (received_at desc, id desc);
create index chatops_audit_in_flight on chatops_audit (received_at) where result = 'accepted';

-- Signatures of Slack requests seen within the 5-minute signature window: a second request with the same
-- signature is a replay and is refused. Rows older than the window are pruned.
create table slack_request_signatures (
    signature  text primary key,
    seen_at    timestamptz not null default now()
);
create index slack_request_signatures_by_time on slack_request_signatures (seen_at);

-- Local mode without Slack tokens: the Slack Web API calls Pitcrew would make, kept here instead of being sent.
create table slack_outbox (
    id            bigserial primary key,
    created_at    timestamptz not null default now(),
    method        text        not null,   -- chat.postMessage | chat.update | response_url
    channel       text,
    ts            text,                   -- the message's timestamp (for chat.postMessage, the one handed back)
    thread_ts     text,
    text          text,
    body          jsonb       not null    -- the JSON Slack would have received
);
create index slack_outbox_by_id on slack_outbox (id desc);
