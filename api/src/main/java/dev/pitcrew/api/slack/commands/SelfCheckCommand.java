package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.runs.RunLauncher;
import dev.pitcrew.api.runs.StartedRun;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackCommand;
import dev.pitcrew.api.slack.UsageException;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.selfcheck.SelfCheckWorkflow;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /pitcrew selfcheck [label]}: starts a self-check run that posts its own message in the channel and waits
 * for someone to press its Confirm button, proving the whole Slack loop.
 */
@Component
class SelfCheckCommand implements SlackCommand {
  static final int CONFIRMATION_TIMEOUT_SECONDS = 3600;
  private static final int MAX_LABEL = 120;

  private final RunLauncher launcher;
  private final ChatOpsLinks links;

  SelfCheckCommand(RunLauncher launcher, ChatOpsLinks links) {
    this.launcher = launcher;
    this.links = links;
  }

  @Override
  public String name() {
    return "selfcheck";
  }

  @Override
  public String arguments() {
    return "[label]";
  }

  @Override
  public String summary() {
    return "start a self-check run that waits for a Confirm click (proves Pitcrew end to end)";
  }

  @Override
  public List<String> examples() {
    return List.of("selfcheck", "selfcheck after upgrade");
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    String label = invocation.rest(0);
    if (label != null && label.length() > MAX_LABEL) {
      throw new UsageException("The label is " + label.length() + " characters; at most " + MAX_LABEL + ".");
    }
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    if (label != null) {
      input.put("label", label);
    }
    input.put("awaitConfirmation", true);
    input.put("confirmationTimeoutSeconds", CONFIRMATION_TIMEOUT_SECONDS);
    ChatOpsContext chat = new ChatOpsContext(
        invocation.channel(), invocation.user().slackUserId(), links.consoleRunsPrefix(),
        links.temporalUiRunsPrefix());
    StartedRun run = launcher.start(SelfCheckWorkflow.RUN_TYPE, input, invocation.idempotencyKey(), chat);
    String text = (run.created() ? "Started" : "Already started")
        + " self-check run `" + run.workflowId() + "`. It posts its progress in this channel; press *Confirm* "
        + "on its message to finish it.\n" + links.mrkdwn(run.workflowId());
    return CommandReply.ephemeral(text, run.workflowId());
  }
}
