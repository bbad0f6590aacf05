package dev.pitcrew.api.runs;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;

/**
 * The exact workflow ID a run type always starts a request under, instead of a fresh one, and whether a closed
 * run's ID may be used again. Temporal refuses a second start while a run with the ID is open, which is how a
 * family keeps to one run at a time per subject (one deployment per service and environment).
 *
 * @param description what the ID stands for, used in the conflict message ("a deployment of game-api to staging")
 */
public record FixedWorkflowId(String workflowId, WorkflowIdReusePolicy reusePolicy, String description) {}
