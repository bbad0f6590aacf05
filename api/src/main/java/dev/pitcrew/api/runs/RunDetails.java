package dev.pitcrew.api.runs;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Everything {@code GET /api/v1/runs/{id}} tells about one run. Temporal is the source of truth for status.
 *
 * @param note set when Temporal no longer holds the run and these details come from Pitcrew's runs index
 */
public record RunDetails(
    String workflowId,
    String runId,
    String type,
    String workflowType,
    String status,
    String phase,
    String service,
    String environment,
    String severity,
    Instant startedAt,
    Instant closedAt,
    JsonNode input,
    JsonNode result,
    String failure,
    String note,
    Map<String, String> links) {}
