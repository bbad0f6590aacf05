-- The console's live updates (issue 15): every change a console page shows is announced on the channel
-- pitcrew_changes as '<topic>:<key>' (e.g. 'runs:deploy-game@production'). Each API replica LISTENs and pushes the
-- topic to its browsers over one server-sent-events stream each, so a change written through any replica, or by a
-- worker, reaches every open console. NOTIFY is transactional: it is sent at commit, once per distinct payload.
create function pitcrew_notify_change() returns trigger
language plpgsql as $$
declare
    row_key text;
begin
    if tg_level = 'ROW' then
        row_key := to_jsonb(new) ->> tg_argv[1];
    end if;
    perform pg_notify('pitcrew_changes', tg_argv[0] || ':' || coalesce(row_key, ''));
    return null;
end;
$$;

-- Row by row where a page follows one record (a run page, an incident page, a ticket countdown).
create trigger runs_notify_change after insert or update on runs
    for each row execute function pitcrew_notify_change('runs', 'workflow_id');
create trigger incidents_notify_change after insert or update on incidents
    for each row execute function pitcrew_notify_change('incidents', 'incident_id');
create trigger sla_tickets_notify_change after insert or update on sla_tickets
    for each row execute function pitcrew_notify_change('tickets', 'ticket_key');
-- Once per statement where only boards follow: an alert storm must not become a notification storm.
create trigger drill_runs_notify_change after insert or update on drill_runs
    for each statement execute function pitcrew_notify_change('drills');
create trigger remediation_outcomes_notify_change after insert or update on remediation_outcomes
    for each statement execute function pitcrew_notify_change('remediation');
