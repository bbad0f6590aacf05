package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.deployments.DeploymentDecisions;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.workflows.chatops.ChatOpsActions;
import org.springframework.stereotype.Component;

/** The Reject button on a deployment awaiting a decision. */
@Component
class DeployRejectAction extends DeploymentDecisionAction {
  DeployRejectAction(DeploymentDecisions decisions, DeploymentTargets targets, ChatOpsLinks links) {
    super(decisions, targets, links);
  }

  @Override
  public String actionId() {
    return ChatOpsActions.DEPLOY_REJECT;
  }

  @Override
  public String permission() {
    return "reject";
  }
}
