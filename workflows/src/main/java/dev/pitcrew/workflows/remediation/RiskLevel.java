package dev.pitcrew.workflows.remediation;

/** How much an action can hurt: low-risk steps run at once, a high-risk step waits for a person's approval. */
public enum RiskLevel {
  LOW,
  HIGH
}
