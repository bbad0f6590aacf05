package dev.pitcrew.workflows.deploy;

/**
 * What the deployment metrics record when a deployment ends.
 *
 * @param outcome the final phase label: Promoted, RolledBack, Aborted or Failed
 * @param cutoverSwitchMillis null when traffic never switched to the new version
 * @param rollbackSwitchMillis null when traffic never switched back
 * @param rollbackTrigger why traffic switched back ("analysis", "manual", "abort"); null if it did not
 */
public record DeploymentOutcome(
    String service,
    String environment,
    String outcome,
    long durationMillis,
    Long cutoverSwitchMillis,
    Long rollbackSwitchMillis,
    String rollbackTrigger) {}
