package dev.pitcrew.workflows.remediation;

import java.util.List;

/**
 * The version of a runbook a remediation runs: fixed when it starts, so editing the runbook never changes a
 * remediation under way.
 *
 * @param attempts how many times the steps run (each followed by verification) before escalating
 * @param approvalTimeoutSeconds how long a high-risk step waits for an approval before escalating
 * @param severity the severity of the incident an escalation opens (SEV1..SEV4)
 */
public record RunbookPlan(
    String name,
    int version,
    List<RunbookStep> steps,
    Verification verification,
    int attempts,
    Paging paging,
    long approvalTimeoutSeconds,
    RunbookGuardrails guardrails,
    String severity) {

  public RunbookPlan {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public boolean needsApproval() {
    return steps.stream().anyMatch(step -> step.risk() == RiskLevel.HIGH);
  }
}
