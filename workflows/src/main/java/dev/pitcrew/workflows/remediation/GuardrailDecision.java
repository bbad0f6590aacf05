package dev.pitcrew.workflows.remediation;

/** The guardrails' answer: granted, or refused with the guardrail that refused and why. */
public record GuardrailDecision(boolean granted, String guardrail, String reason) {
  public static GuardrailDecision grant() {
    return new GuardrailDecision(true, null, null);
  }

  public static GuardrailDecision refuse(String guardrail, String reason) {
    return new GuardrailDecision(false, guardrail, reason);
  }
}
