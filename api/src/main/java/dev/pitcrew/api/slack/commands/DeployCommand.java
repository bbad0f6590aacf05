package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.runs.RunLauncher;
import dev.pitcrew.api.runs.StartedRun;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackCommand;
import dev.pitcrew.api.slack.UsageException;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /pitcrew deploy <service> <image-tag> [environment]}: starts a blue-green deployment with the service's
 * catalogued defaults, as the Slack user. Its message (with Approve/Reject while it awaits a decision) goes to the
 * service's catalogued channel, or this one.
 */
@Component
class DeployCommand implements SlackCommand {
  private final RunLauncher launcher;
  private final ChatOpsLinks links;
  private final DeployCommandProperties properties;

  DeployCommand(RunLauncher launcher, ChatOpsLinks links, DeployCommandProperties properties) {
    this.launcher = launcher;
    this.links = links;
    this.properties = properties;
  }

  @Override
  public String name() {
    return "deploy";
  }

  @Override
  public String arguments() {
    return "<service> <image-tag> [environment]";
  }

  @Override
  public String summary() {
    return "blue-green deploy an image of a catalogued service (environment default: "
        + properties.defaultEnvironment() + ")";
  }

  @Override
  public List<String> examples() {
    return List.of("deploy game-api v2", "deploy game-api 1.5.0 production",
        "deploy game-api registry.example/game-api@sha256:<digest> staging");
  }

  /** The permission is "may deploy to this environment". */
  @Override
  public String environment(List<String> args) {
    if (args.size() < 2 || args.size() > 3) {
      throw new UsageException("`deploy` takes a service, an image tag and optionally an environment.");
    }
    return args.size() == 3 ? args.get(2) : properties.defaultEnvironment();
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    String environment = environment(invocation.args());
    String service = invocation.args().get(0);
    String image = invocation.args().get(1);
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("service", service);
    request.put("environment", environment);
    request.put("image", image);
    request.put("requestedBy", invocation.user().identity());
    ChatOpsContext chat = new ChatOpsContext(
        invocation.channel(), invocation.user().slackUserId(), links.consoleRunsPrefix(),
        links.temporalUiRunsPrefix());
    StartedRun run =
        launcher.start(BlueGreenDeploymentWorkflow.RUN_TYPE, request, invocation.idempotencyKey(), chat);
    String text = (run.created() ? "Started" : "Already started") + " deployment `" + run.workflowId() + "` of "
        + service + " " + image + " to " + environment + ". Its message follows it in the service's channel (or "
        + "this one); approve or reject it there or with `approve|reject " + run.workflowId() + "`.\n"
        + links.mrkdwn(run.workflowId());
    return CommandReply.ephemeral(text, run.workflowId());
  }
}
