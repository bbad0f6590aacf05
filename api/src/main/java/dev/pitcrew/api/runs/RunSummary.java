package dev.pitcrew.api.runs;

import java.time.Instant;

/** One row of the runs index as the list endpoint shows it. */
public record RunSummary(
    String workflowId,
    String runId,
    String type,
    String status,
    String phase,
    String service,
    String environment,
    String severity,
    String outcome,
    Instant startedAt,
    Instant updatedAt,
    Instant closedAt) {}
