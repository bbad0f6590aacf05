package dev.pitcrew.workflows.deploy;

/**
 * What a measurement looks at.
 *
 * @param kubernetesService the Service that routes to the version under analysis (preview or active)
 * @param colour the colour of the version under analysis
 */
public record MeasurementTarget(String service, String environment, String kubernetesService, Colour colour) {}
