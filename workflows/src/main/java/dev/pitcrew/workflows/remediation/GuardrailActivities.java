package dev.pitcrew.workflows.remediation;

import io.temporal.activity.ActivityInterface;

/** The guardrails every remediation passes before it acts. */
@ActivityInterface
public interface GuardrailActivities {
  /**
   * Decides atomically (one transaction under one lock) whether the remediation may act: kill switches, maintenance
   * windows, a running deployment of the service, the per-target rate limit, the concurrency limit and the blast
   * radius. Every decision, refusals included, is stored and audited; a retry answers the stored decision.
   */
  GuardrailDecision claim(GuardrailClaim claim);

  /** Frees the concurrency slot a granted claim holds and records how the remediation ended. Idempotent. */
  void release(String remediationId, String outcome);
}
