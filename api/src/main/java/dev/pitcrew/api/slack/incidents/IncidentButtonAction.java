package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.workflows.incident.IncidentIds;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.slack.ActionInvocation;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackAction;
import java.util.List;

/**
 * A button on the incident channel's summary message ({@code IncidentSummaryMessage}): its value is the incident's
 * workflow ID; the click is sent as the clicking user with source {@code slack}, checked against the same
 * permission as the command's verb.
 */
abstract class IncidentButtonAction implements SlackAction {
  private final ChatOpsLinks links;

  IncidentButtonAction(ChatOpsLinks links) {
    this.links = links;
  }

  /** Sends the button's signal to the incident as {@code actor}. */
  abstract void send(String incidentId, String actor);

  /** What the user did, for the reply: "acknowledged". */
  abstract String done();

  @Override
  public CommandReply handle(ActionInvocation click) {
    String incidentId = incidentIdOf(click.value());
    send(incidentId, click.user().identity());
    return CommandReply.ephemeral("You (" + click.user().identity() + ") " + done() + " incident `" + incidentId
        + "`; its channel and timeline show it.\n" + links.mrkdwn(incidentId), incidentId);
  }

  static String incidentIdOf(String value) {
    if (value == null || !value.startsWith(IncidentIds.PREFIX)) {
      throw ApiException.badRequest(
          "This control does not name an incident; use the `incident` command with the incident's ID.", List.of());
    }
    return value;
  }
}
