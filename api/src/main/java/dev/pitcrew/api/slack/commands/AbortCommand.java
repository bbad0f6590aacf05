package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.deployments.DeploymentDecisions;
import dev.pitcrew.api.slack.ChatOpsLinks;
import org.springframework.stereotype.Component;

/** {@code /pitcrew abort <deployment> [reason]}. */
@Component
class AbortCommand extends DeploymentDecisionCommand {
  AbortCommand(DeploymentDecisions decisions, DeploymentTargets targets, ChatOpsLinks links) {
    super(decisions, targets, links);
  }

  @Override
  public String name() {
    return "abort";
  }

  @Override
  public String summary() {
    return "stop a deployment in any phase: traffic stays on (or returns to) the previous version";
  }
}
