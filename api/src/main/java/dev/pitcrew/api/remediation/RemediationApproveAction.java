package dev.pitcrew.api.remediation;

import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.ChatOpsPermissions;
import dev.pitcrew.workflows.chatops.ChatOpsActions;
import org.springframework.stereotype.Component;

/** The Approve button on a remediation waiting for an approval. */
@Component
class RemediationApproveAction extends RemediationDecisionAction {
  RemediationApproveAction(RemediationDecisions decisions, ChatOpsPermissions permissions, ChatOpsLinks links) {
    super(decisions, permissions, links);
  }

  @Override
  boolean approves() {
    return true;
  }

  @Override
  public String actionId() {
    return ChatOpsActions.REMEDIATION_APPROVE;
  }
}
