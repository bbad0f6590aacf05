-- GET /api/v1/tickets/{key} computes the live SLA clocks from the ticket's record instead of asking its workflow:
-- the clocks are recorded (V56), and with them now the terms the current cycle runs on (policy, calendar, warning
-- shares; SlaTerms as JSON), so a policy edited after the cycle began does not change the answer. Null for rows
-- written by runs started before this; the API then asks the workflow, as before.
alter table sla_tickets add column terms jsonb;
