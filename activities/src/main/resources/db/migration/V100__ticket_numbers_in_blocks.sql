-- Pitcrew's own ticket numbers (PIT-n) are taken a block at a time (TicketNumbers): one nextval answers the first
-- number of a block of `increment by` numbers, which the process hands out in order, so a burst of tickets costs one
-- round trip per block instead of one per ticket. Every block is one nextval's, so numbers stay unique across
-- processes (and beside an older process that still takes one number per nextval).
alter sequence sla_ticket_numbers increment by 100;
-- The next block starts right after the last number given, not a whole increment later.
select setval('sla_ticket_numbers', case when is_called then last_value + 1 else last_value end, false)
  from sla_ticket_numbers;
