-- One outbox for every integration (issue 12, item 1). Until now what Pitcrew would have sent lived in three
-- tables: integration_outbox (PagerDuty, JIRA, incident channels), slack_outbox (ChatOps replies and run messages)
-- and sla_notifications (SLA emails, JIRA assignments, breach posts, sent or not). integration_outbox becomes the
-- one table (its IDs are kept, so links to existing entries stay valid); the other two move into it, oldest first.

alter table integration_outbox rename to outbox;
alter sequence integration_outbox_id_seq rename to outbox_id_seq;
alter index integration_outbox_pkey rename to outbox_pkey;
alter index integration_outbox_newest rename to outbox_newest;

alter table outbox
    -- The workflow the call was for (an incident, a ticket's SLA run), when the writer knows it.
    add column run_id    text,
    -- NOT_CONFIGURED: the integration has no credentials, this is what it would have sent. SENT: it was sent, and
    -- the writer keeps a record of it (SLA notifications do).
    add column delivery  text not null default 'NOT_CONFIGURED' check (delivery in ('NOT_CONFIGURED', 'SENT')),
    -- Identifies one notification across activity retries: a repeat with the same key is not written again.
    add column dedup_key text unique,
    -- What the integration would have handed back, when later calls refer to it (a Slack message's ts).
    add column handle    text;

update outbox set run_id = payload ->> 'dedupKey' where integration = 'pagerduty';
update outbox set run_id = payload ->> 'incidentId' where run_id is null and payload ? 'incidentId';

insert into outbox (integration, operation, target, handle, payload, created_at)
select 'slack', method, channel, ts, body, created_at
  from slack_outbox
 order by id;

insert into outbox (integration, operation, target, run_id, delivery, dedup_key, payload, created_at)
select channel, kind, target, 'ticket-sla-' || ticket_key, delivery, dedup_key,
       jsonb_strip_nulls(jsonb_build_object('ticketKey', ticket_key, 'subject', subject, 'body', body)), created_at
  from sla_notifications
 order by id;

drop table slack_outbox;
drop table sla_notifications;

create index outbox_by_integration on outbox (integration, id desc);
create index outbox_by_run on outbox (run_id, id desc) where run_id is not null;
create index outbox_by_time on outbox (created_at);
