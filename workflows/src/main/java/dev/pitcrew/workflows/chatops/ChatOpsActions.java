package dev.pitcrew.workflows.chatops;

/**
 * Action IDs of the buttons workflows put on their Slack messages. The API maps each to one action class; the
 * {@code pitcrew.} prefix is what routes a click to Pitcrew's action registry.
 */
public final class ChatOpsActions {
  public static final String PREFIX = "pitcrew.";
  public static final String SELF_CHECK_CONFIRM = PREFIX + "selfcheck.confirm";
  public static final String DEPLOY_APPROVE = PREFIX + "deploy.approve";
  public static final String DEPLOY_REJECT = PREFIX + "deploy.reject";
  public static final String REMEDIATION_APPROVE = PREFIX + "remediation.approve";
  public static final String REMEDIATION_REJECT = PREFIX + "remediation.reject";

  private ChatOpsActions() {}
}
