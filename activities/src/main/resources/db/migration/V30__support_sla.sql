-- Support tickets with SLA timers (issue 6). Policies, calendars, queues and routing rules are edited through
-- the API; tickets, outcomes and notifications are written by the TicketSlaWorkflow's activities.
create table sla_calendars (
    name       text primary key,
    zone       text        not null,
    hours      jsonb       not null,
    updated_at timestamptz not null default now()
);

create table sla_calendar_holidays (
    calendar text not null references sla_calendars (name) on delete cascade,
    day      date not null,
    name     text,
    primary key (calendar, day)
);

-- The policy document (goals per priority, pause and resolution statuses, warnings, breach actions) as JSON,
-- validated by the API before it is stored.
create table sla_policies (
    name       text primary key,
    document   jsonb       not null,
    updated_at timestamptz not null default now()
);

create table sla_queues (
    name          text primary key,
    policy        text   not null,
    slack_channel text,
    next_agent    bigint not null default 0
);

create table sla_agents (
    queue           text    not null references sla_queues (name) on delete cascade,
    position        integer not null,
    name            text    not null,
    email           text,
    jira_account_id text,
    on_duty         boolean not null default true,
    primary key (queue, name)
);

-- First matching rule wins; a ticket no rule matches goes to the default queue.
create table sla_routing_rules (
    position  integer primary key,
    category  text,
    component text,
    label     text,
    queue     text not null
);

create table sla_tickets (
    ticket_key      text primary key,
    source          text        not null,
    title           text,
    requester_email text,
    queue           text,
    assignee        text,
    priority        text,
    status          text,
    cycle           integer     not null default 0,
    sla_state       text,
    next_due_at     timestamptz,
    resolved        boolean     not null default false,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null
);
create index sla_tickets_open_by_state on sla_tickets (resolved, sla_state);
create index sla_tickets_by_queue on sla_tickets (queue, updated_at desc);

create table sla_outcomes (
    ticket_key  text        not null,
    cycle       integer     not null,
    goal        text        not null,
    policy      text,
    priority    text        not null,
    met         boolean,
    goal_ms     bigint      not null,
    elapsed_ms  bigint,
    breached_at timestamptz,
    stopped_at  timestamptz,
    primary key (ticket_key, cycle, goal)
);
create index sla_outcomes_by_time on sla_outcomes ((coalesce(stopped_at, breached_at)));

-- Every notification the SLA engine sent, or would have sent had the integration been configured.
create table sla_notifications (
    id         bigserial primary key,
    ticket_key text        not null,
    kind       text        not null,
    channel    text        not null,
    target     text,
    subject    text,
    body       text,
    delivery   text        not null,
    dedup_key  text unique,
    created_at timestamptz not null default now()
);
create index sla_notifications_by_ticket on sla_notifications (ticket_key, id);

create sequence sla_ticket_numbers;

-- A working default: round-the-clock calendar, a standard policy and one support queue.
insert into sla_calendars (name, zone, hours) values
  ('always', 'UTC', '[{"day":"MONDAY","from":"00:00","to":"24:00"},{"day":"TUESDAY","from":"00:00","to":"24:00"},
    {"day":"WEDNESDAY","from":"00:00","to":"24:00"},{"day":"THURSDAY","from":"00:00","to":"24:00"},
    {"day":"FRIDAY","from":"00:00","to":"24:00"},{"day":"SATURDAY","from":"00:00","to":"24:00"},
    {"day":"SUNDAY","from":"00:00","to":"24:00"}]');
insert into sla_policies (name, document) values
  ('standard', '{"calendar":"always",
    "goals":[{"priority":"Highest","firstResponse":"PT15M","resolution":"PT4H"},
             {"priority":"High","firstResponse":"PT1H","resolution":"PT8H"},
             {"priority":"Medium","firstResponse":"PT4H","resolution":"P2D"},
             {"priority":"Low","firstResponse":"P1D","resolution":"P5D"}],
    "pauseStatuses":["Waiting for customer"],"resolvedStatuses":["Resolved","Done","Closed"],
    "warningPercents":[75,90],
    "breachActions":{"slack":true,"raisePriority":false,"reassignTo":null,"pagePriorities":["Highest"]},
    "reopenWindow":"P7D"}');
insert into sla_queues (name, policy, slack_channel) values ('support', 'standard', '#support');
