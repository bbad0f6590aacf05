-- Vendor semantics as real deliveries carry them (hardening part 7).

-- Alertmanager's own pagerduty_config triggers PagerDuty with dedup_key = SHA-256 hex of the group key, so
-- PagerDuty's webhooks for those incidents carry that hash as incident_key. The API notes each group it takes in
-- (group dedup mode) under the hash, to find the Pitcrew incident of such a PagerDuty incident.
create table alertmanager_group_keys (
    key_hash  text primary key,
    group_key text        not null,
    dedup_key text        not null,
    seen_at   timestamptz not null default now()
);

-- Per JIRA ticket: who requested it (JIRA Cloud payloads name people by accountId, rarely by email), and the
-- newest delivery applied to it (payload timestamp in ms, changelog id), so an older delivery never overrides
-- newer state (e.g. a re-delivered issue_created un-pausing a ticket).
create table jira_ticket_state (
    ticket_key           text primary key,
    requester_account_id text,
    last_timestamp_ms    bigint,
    last_changelog_id    bigint,
    applied_at           timestamptz not null default now()
);
