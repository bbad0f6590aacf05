package dev.pitcrew.workflows.remediation;

/**
 * One step to carry out.
 *
 * @param actionKey identifies this step of this attempt of this remediation: the action recognises a retry of
 *     itself by it (e.g. the restart annotation carries it) and does not act twice
 */
public record ActionRequest(String actionKey, RunbookStep step, RemediationTarget target) {}
