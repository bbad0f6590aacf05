package dev.pitcrew.workflows.sla;

import java.util.List;

/**
 * The clocks of a ticket whose SLA run was lost with its Temporal engine, read back from PostgreSQL by the
 * recovery. A run started with it goes on with the original cycle and clocks instead of starting fresh: it does
 * not route, assign or acknowledge again, and a deadline that fell due while no engine ran fires at once.
 *
 * @param cycle the cycle the lost run was in
 * @param clocks every goal clock of that cycle as last recorded
 * @param lostRunId the Temporal run ID of the lost run, for the record
 */
public record RecoveredSla(int cycle, List<ClockRecord> clocks, String lostRunId) {}
