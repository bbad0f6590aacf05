-- Recovery of runs lost with their Temporal engine (an in-process test server restarted without its state, or a
-- namespace lost or restored from an older backup). The runs table needs no change: its status is free text and
-- the API adds LOST and CLOSED_LOST.

-- Why a run is LOST (the reconciliation's reason, with what the cluster showed for a deployment), and which run
-- took over when Pitcrew recovered it (tickets and incidents).
alter table runs add column lost_reason text;
alter table runs add column recovered_as text;
create index runs_running on runs (status) where status in ('RUNNING', 'LOST');

-- Each ticket's goal clocks as its SLA workflow last recorded them (ClockRecord list as JSON), so a lost SLA run
-- is recovered with its original start, used time, pause and due times.
alter table sla_tickets add column clocks jsonb;

-- A breach that fired well after it fell due (no engine or worker ran at the time) says so.
alter table sla_outcomes add column breach_note text;
