-- The console (issue 15) renders its incident boards from this table, never by asking each open incident's
-- workflow: the workflow now records its row with every level paged, and with it when the next level is due.
-- Null while nobody waits for an acknowledgement (acknowledged, resolved, the ladder ran out), and for rows written
-- before this column existed until their incident records again.
alter table incidents add column next_escalation_at timestamptz;

-- The boards list what is not resolved yet, newest first.
create index incidents_unresolved_by_opened on incidents (opened_at desc, incident_id desc)
    where state <> 'RESOLVED';
