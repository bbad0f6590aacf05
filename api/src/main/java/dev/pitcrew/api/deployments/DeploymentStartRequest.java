package dev.pitcrew.api.deployments;

import dev.pitcrew.workflows.deploy.BlueGreenStrategy;
import dev.pitcrew.workflows.deploy.PodTemplateChanges;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/deployments} (and {@code input} of a {@code deployment} run). Defaults come from the
 * service catalogue; {@code strategy} overrides the catalogued strategy field by field.
 *
 * @param image a full reference with tag or digest, or a bare tag of the service's catalogued repository
 * @param replicas replicas once promoted; default: the catalogue's
 * @param requestedBy who asks; the self-approval rule and the audit trail use it
 */
public record DeploymentStartRequest(
    @NotBlank @Size(max = 55) String service,
    @NotBlank @Size(max = 63) String environment,
    @NotBlank @Size(max = 512) String image,
    @Min(1) @Max(1000) Integer replicas,
    @NotBlank @Size(max = 200) String requestedBy,
    PodTemplateChanges podTemplateChanges,
    BlueGreenStrategy strategy) {}
