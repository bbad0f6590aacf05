package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.deployments.DeploymentDecisions;
import dev.pitcrew.api.slack.ChatOpsLinks;
import org.springframework.stereotype.Component;

/** {@code /pitcrew rollback <deployment> [reason]}. */
@Component
class RollbackCommand extends DeploymentDecisionCommand {
  RollbackCommand(DeploymentDecisions decisions, DeploymentTargets targets, ChatOpsLinks links) {
    super(decisions, targets, links);
  }

  @Override
  public String name() {
    return "rollback";
  }

  @Override
  public String summary() {
    return "within the rollback window, switch traffic back to the still-running previous version";
  }
}
