package dev.pitcrew.workflows.remediation;

import java.util.Map;

/**
 * One ordered step of a runbook.
 *
 * @param params the action's settings, e.g. {@code replicas}/{@code min}/{@code max} for SCALE, {@code url} and
 *     {@code method} for HTTP_CALL, {@code seconds} for WAIT, {@code template} (a Job as JSON) for RUN_JOB,
 *     {@code environment} (the deployment's) for ROLLBACK_DEPLOYMENT
 */
public record RunbookStep(String name, ActionType action, RiskLevel risk, Map<String, String> params) {
  public RunbookStep {
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  public String param(String key) {
    return params.get(key);
  }

  /** "restart-deployment: ROLLOUT_RESTART (LOW)". */
  public String describe() {
    return name + ": " + action + " (" + risk + ")" + (params.isEmpty() ? "" : " " + new java.util.TreeMap<>(params));
  }
}
