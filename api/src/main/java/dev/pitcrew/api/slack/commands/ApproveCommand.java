package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.deployments.DeploymentDecisions;
import dev.pitcrew.api.slack.ChatOpsLinks;
import org.springframework.stereotype.Component;

/** {@code /pitcrew approve <deployment> [reason]}. */
@Component
class ApproveCommand extends DeploymentDecisionCommand {
  ApproveCommand(DeploymentDecisions decisions, DeploymentTargets targets, ChatOpsLinks links) {
    super(decisions, targets, links);
  }

  @Override
  public String name() {
    return "approve";
  }

  @Override
  public String summary() {
    return "promote a deployment awaiting approval (not your own in production)";
  }
}
