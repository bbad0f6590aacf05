package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.activities.slack.IncidentSummaryMessage;
import dev.pitcrew.api.incidents.IncidentCommands;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.workflows.incident.Acknowledge;
import org.springframework.stereotype.Component;

/** Acknowledge: stops the paging ladder; the first to acknowledge becomes commander unless one was named. */
@Component
class IncidentAcknowledgeAction extends IncidentButtonAction {
  private final IncidentCommands incidents;

  IncidentAcknowledgeAction(IncidentCommands incidents, ChatOpsLinks links) {
    super(links);
    this.incidents = incidents;
  }

  @Override
  public String actionId() {
    return IncidentSummaryMessage.ACKNOWLEDGE_ACTION;
  }

  @Override
  public String permission() {
    return "incident.ack";
  }

  @Override
  void send(String incidentId, String actor) {
    incidents.acknowledge(incidentId, new Acknowledge(actor, IncidentCommand.SOURCE));
  }

  @Override
  String done() {
    return "acknowledged";
  }
}
