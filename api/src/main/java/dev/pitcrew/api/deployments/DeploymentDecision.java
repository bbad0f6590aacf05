package dev.pitcrew.api.deployments;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of approve, reject, abort and rollback: who decides and why. Sent to the workflow as its
 * {@code OperatorDecision}, which has the same JSON shape.
 */
public record DeploymentDecision(@NotBlank @Size(max = 200) String by, @Size(max = 2000) String reason) {}
