package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.deployments.DeploymentDecisions;
import dev.pitcrew.api.slack.ActionInvocation;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackAction;
import dev.pitcrew.workflows.deploy.DecisionRecord;

/**
 * A decision button on a deployment's message: sends the decision as the user who clicked, checked against the
 * same permission as the command ({@code approve} / {@code reject} in the deployment's environment), and answers
 * with what the deployment did.
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
    // A refusal (already decided, self-approval, ...) comes back as the API's 409/403 and is answered ephemerally
    // with the deployment's reason by the dispatcher.
    DecisionRecord outcome = decisions.send(click.value(), permission(), click.user().identity(),
        "Clicked in Slack by <@" + click.user().slackUserId() + ">");
    return CommandReply.ephemeral(
        DeploymentDecisionCommand.answer(permission(), click.value(), outcome) + "\n" + links.mrkdwn(click.value()),
        click.value());
  }
}
