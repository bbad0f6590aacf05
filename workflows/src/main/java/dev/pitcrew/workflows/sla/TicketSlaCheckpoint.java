package dev.pitcrew.workflows.sla;

import dev.pitcrew.workflows.run.RunTrackerCheckpoint;
import java.util.List;

/**
 * Everything a ticket's SLA run carries into its continued-as-new successor, so a ticket open for months keeps a
 * bounded history without its clocks noticing: the clocks exactly as they stood (start, business time used, pause,
 * warnings sent, breach), the cycle, what was measured so far and where the runs index is.
 */
public record TicketSlaCheckpoint(
    TicketAssignment assignment,
    String priority,
    String status,
    int cycle,
    List<ClockRecord> clocks,
    List<GoalOutcome> outcomes,
    RunTrackerCheckpoint tracker) {}
