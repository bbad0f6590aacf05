package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.runs.RunSignals;
import dev.pitcrew.api.slack.ActionInvocation;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackAction;
import dev.pitcrew.workflows.chatops.ChatOpsActions;
import dev.pitcrew.workflows.selfcheck.SelfCheckWorkflow;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The Confirm button on a self-check's message: sends {@code confirm} as the user who clicked. */
@Component
class SelfCheckConfirmAction implements SlackAction {
  private final RunSignals signals;
  private final ChatOpsLinks links;

  SelfCheckConfirmAction(RunSignals signals, ChatOpsLinks links) {
    this.signals = signals;
    this.links = links;
  }

  @Override
  public String actionId() {
    return ChatOpsActions.SELF_CHECK_CONFIRM;
  }

  @Override
  public String permission() {
    return "selfcheck.confirm";
  }

  @Override
  public CommandReply handle(ActionInvocation click) {
    ObjectNode confirmation = JsonNodeFactory.instance.objectNode();
    confirmation.put("by", click.user().identity());
    confirmation.put("note", "Confirmed in Slack by <@" + click.user().slackUserId() + ">");
    signals.send(click.value(), SelfCheckWorkflow.CONFIRM_SIGNAL, confirmation);
    return CommandReply.ephemeral(
        "Confirmed self-check `" + click.value() + "` as " + click.user().identity() + ".\n"
            + links.mrkdwn(click.value()),
        click.value());
  }
}
