package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.activities.slack.IncidentSummaryMessage;
import dev.pitcrew.api.incidents.IncidentCommands;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.workflows.incident.Resolve;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Resolve: closes the incident without a summary (a button has no text box); {@code incident resolve <summary>}
 * resolves with one.
 */
@Component
class IncidentResolveAction extends IncidentButtonAction {
  private final IncidentCommands incidents;

  IncidentResolveAction(IncidentCommands incidents, ChatOpsLinks links) {
    super(links);
    this.incidents = incidents;
  }

  @Override
  public String actionId() {
    return IncidentSummaryMessage.RESOLVE_ACTION;
  }

  @Override
  public String permission() {
    return "incident.resolve";
  }

  @Override
  void send(String incidentId, String actor) {
    incidents.resolve(incidentId, new Resolve(actor, IncidentCommand.SOURCE, null, List.of()));
  }

  @Override
  String done() {
    return "resolved";
  }
}
