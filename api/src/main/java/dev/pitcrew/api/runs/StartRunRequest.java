package dev.pitcrew.api.runs;

import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/runs}.
 *
 * @param type a registered run type, e.g. {@code self-check}
 * @param input the type's input object; omitted means the type's defaults
 * @param idempotencyKey optional; the {@code Idempotency-Key} header does the same
 */
public record StartRunRequest(@Size(max = 100) String type, JsonNode input, @Size(max = 200) String idempotencyKey) {}
