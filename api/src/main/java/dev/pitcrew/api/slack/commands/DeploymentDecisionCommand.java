package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.deployments.DeploymentDecisions;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackCommand;
import dev.pitcrew.api.slack.UsageException;
import dev.pitcrew.workflows.deploy.DecisionRecord;
import java.util.List;

/**
 * {@code /pitcrew approve|reject|abort|rollback <deployment> [reason]}: one operator decision, sent as the Slack
 * user, answered with the deployment's verdict (accepted, or the reason it was refused). The permission is the verb
 * in the deployment's environment.
 */
abstract class DeploymentDecisionCommand implements SlackCommand {
  private final DeploymentDecisions decisions;
  private final DeploymentTargets targets;
  private final ChatOpsLinks links;

  DeploymentDecisionCommand(DeploymentDecisions decisions, DeploymentTargets targets, ChatOpsLinks links) {
    this.decisions = decisions;
    this.targets = targets;
    this.links = links;
  }

  @Override
  public String arguments() {
    return "<deployment> [reason]";
  }

  @Override
  public List<String> examples() {
    return List.of(name() + " deploy-game-api@staging", name() + " deploy-game-api@production dashboards look wrong");
  }

  @Override
  public String environment(List<String> args) {
    if (args.isEmpty()) {
      throw new UsageException("`" + name() + "` needs the deployment's ID, e.g. deploy-game-api@staging.");
    }
    return targets.environmentOf(args.getFirst());
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    String workflowId = invocation.args().getFirst();
    DecisionRecord outcome = decisions.send(workflowId, name(), invocation.user().identity(), invocation.rest(1));
    return CommandReply.ephemeral(answer(name(), workflowId, outcome) + "\n" + links.mrkdwn(workflowId), workflowId);
  }

  /** The deployment's answer to an accepted decision; refusals are answered from the API's problem instead. */
  static String answer(String decision, String workflowId, DecisionRecord outcome) {
    return "*" + decision + "* on `" + workflowId + "` by " + outcome.by() + " accepted"
        + (outcome.note() == null ? "." : ": " + outcome.note());
  }
}
