package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.api.incidents.SeverityNames;
import dev.pitcrew.activities.slack.IncidentSummaryMessage;
import dev.pitcrew.api.incidents.IncidentCommands;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.slack.ActionInvocation;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackAction;
import java.util.List;
import dev.pitcrew.workflows.incident.ChangeSeverity;
import dev.pitcrew.workflows.incident.Severity;
import org.springframework.stereotype.Component;

/**
 * The Severity menu on the incident summary. Its chosen option's value is the level ({@code SEV2}); the incident
 * is named by the actions block's ID, {@code incident:<workflowId>}, because an option's value must equal the
 * level the menu shows as selected.
 */
@Component
class IncidentSeverityAction implements SlackAction {
  private final IncidentCommands incidents;
  private final ChatOpsLinks links;

  IncidentSeverityAction(IncidentCommands incidents, ChatOpsLinks links) {
    this.incidents = incidents;
    this.links = links;
  }

  @Override
  public String actionId() {
    return IncidentSummaryMessage.SEVERITY_ACTION;
  }

  @Override
  public String permission() {
    return "incident.severity";
  }

  /** The incident, not the level chosen, so refused choices are audited against it too. */
  @Override
  public String target(ActionInvocation click) {
    String block = click.blockId();
    return block != null && block.startsWith(IncidentSummaryMessage.BLOCK_ID_PREFIX)
        ? block.substring(IncidentSummaryMessage.BLOCK_ID_PREFIX.length())
        : null;
  }

  @Override
  public CommandReply handle(ActionInvocation click) {
    String incidentId = IncidentButtonAction.incidentIdOf(target(click));
    Severity severity = click.value() == null ? null : SeverityNames.find(click.value()).orElse(null);
    if (severity == null) {
      throw ApiException.badRequest(
          "`" + click.value() + "` is not a severity; choose " + SeverityNames.CHOICES + ".", List.of());
    }
    String who = click.user().identity();
    incidents.changeSeverity(incidentId,
        new ChangeSeverity(who, IncidentCommand.SOURCE, severity, "Chosen in Slack"));
    return CommandReply.ephemeral("You (" + who + ") changed the severity of incident `" + incidentId + "` to "
        + severity + "; its channel and timeline show it.\n" + links.mrkdwn(incidentId), incidentId);
  }
}
