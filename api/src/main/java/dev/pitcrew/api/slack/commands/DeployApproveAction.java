package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.deployments.DeploymentDecisions;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.workflows.chatops.ChatOpsActions;
import org.springframework.stereotype.Component;

/** The Approve button on a deployment awaiting a decision. */
@Component
class DeployApproveAction extends DeploymentDecisionAction {
  DeployApproveAction(DeploymentDecisions decisions, DeploymentTargets targets, ChatOpsLinks links) {
    super(decisions, targets, links);
  }

  @Override
  public String actionId() {
    return ChatOpsActions.DEPLOY_APPROVE;
  }

  @Override
  public String permission() {
    return "approve";
  }
}
