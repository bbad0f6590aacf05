package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.deployments.DeploymentDecisions;
import dev.pitcrew.api.slack.ActionInvocation;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackAction;

/**
 * A decision button on a deployment's message: sends the signal as the user who clicked, checked against the same
 * permission as the command ({@code approve} / {@code reject} in the deployment's environment).
 */
abstract class DeploymentDecisionAction implements SlackAction {
  private final DeploymentDecisions decisions;
  private final DeploymentTargets targets;
  private final ChatOpsLinks links;

  DeploymentDecisionAction(DeploymentDecisions decisions, DeploymentTargets targets, ChatOpsLinks links) {
    this.decisions = decisions;
    this.targets = targets;
    this.links = links;
  }

  @Override
  public String environment(ActionInvocation click) {
    return targets.environmentOf(click.value());
  }

  @Override
  public CommandReply handle(ActionInvocation click) {
    decisions.send(click.value(), permission(), click.user().identity(),
        "Clicked in Slack by <@" + click.user().slackUserId() + ">");
    return CommandReply.ephemeral(
        "Sent *" + permission() + "* to `" + click.value() + "` as " + click.user().identity() + ".\n"
            + links.mrkdwn(click.value()),
        click.value());
  }
}
