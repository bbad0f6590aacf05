package dev.pitcrew.workflows.deploy;

/**
 * Who may promote and how long to wait for them. Any field left null takes its default.
 *
 * @param timeoutSeconds how long to wait for an {@code approve}/{@code reject}; 0 (default) waits indefinitely,
 *     otherwise the deployment aborts when it expires
 * @param forbidSelfApproval in production, ignore (and record) an approval from the person who requested the
 *     deployment; default true
 */
public record ApprovalPolicy(Integer timeoutSeconds, Boolean forbidSelfApproval) {
  public static final ApprovalPolicy DEFAULT = new ApprovalPolicy(null, null);

  int effectiveTimeoutSeconds() {
    return timeoutSeconds == null ? 0 : timeoutSeconds;
  }

  boolean effectiveForbidSelfApproval() {
    return forbidSelfApproval == null || forbidSelfApproval;
  }
}
