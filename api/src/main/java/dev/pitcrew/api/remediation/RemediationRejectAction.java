package dev.pitcrew.api.remediation;

import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.ChatOpsPermissions;
import dev.pitcrew.workflows.chatops.ChatOpsActions;
import org.springframework.stereotype.Component;

/** The Reject button on a remediation waiting for an approval. */
@Component
class RemediationRejectAction extends RemediationDecisionAction {
  RemediationRejectAction(RemediationDecisions decisions, ChatOpsPermissions permissions, ChatOpsLinks links) {
    super(decisions, permissions, links);
  }

  @Override
  boolean approves() {
    return false;
  }

  @Override
  public String actionId() {
    return ChatOpsActions.REMEDIATION_REJECT;
  }
}
