package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.deployments.DeploymentDecisions;
import dev.pitcrew.api.slack.ChatOpsLinks;
import org.springframework.stereotype.Component;

/** {@code /pitcrew reject <deployment> [reason]}. */
@Component
class RejectCommand extends DeploymentDecisionCommand {
  RejectCommand(DeploymentDecisions decisions, DeploymentTargets targets, ChatOpsLinks links) {
    super(decisions, targets, links);
  }

  @Override
  public String name() {
    return "reject";
  }

  @Override
  public String summary() {
    return "refuse a deployment awaiting approval: it aborts";
  }
}
