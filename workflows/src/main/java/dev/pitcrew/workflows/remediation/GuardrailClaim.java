package dev.pitcrew.workflows.remediation;

/**
 * One remediation asking the guardrails for leave to act.
 *
 * @param remediationId workflow ID and run ID: a retried claim finds the decision already taken
 * @param touchesAllPods the steps restart the whole service (counted as all its pods for the blast radius)
 * @param podsTouched pods the steps touch one by one (deleted pods)
 * @param rollsBackDeployment the steps roll the service's running deployment back: the "a deployment is running"
 *     guardrail does not apply to what exists to steer that deployment (false in histories recorded before it)
 */
public record GuardrailClaim(
    String remediationId,
    String runbook,
    RemediationTarget target,
    boolean touchesAllPods,
    int podsTouched,
    RunbookGuardrails limits,
    boolean rollsBackDeployment) {

  public GuardrailClaim(String remediationId, String runbook, RemediationTarget target, boolean touchesAllPods,
      int podsTouched, RunbookGuardrails limits) {
    this(remediationId, runbook, target, touchesAllPods, podsTouched, limits, false);
  }
}
