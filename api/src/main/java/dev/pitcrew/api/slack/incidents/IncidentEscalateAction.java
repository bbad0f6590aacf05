package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.activities.slack.IncidentSummaryMessage;
import dev.pitcrew.api.incidents.IncidentCommands;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.workflows.incident.Escalate;
import org.springframework.stereotype.Component;

/** Escalate: pages the next level of the incident's escalation policy now, whatever its timer says. */
@Component
class IncidentEscalateAction extends IncidentButtonAction {
  private final IncidentCommands incidents;

  IncidentEscalateAction(IncidentCommands incidents, ChatOpsLinks links) {
    super(links);
    this.incidents = incidents;
  }

  @Override
  public String actionId() {
    return IncidentSummaryMessage.ESCALATE_ACTION;
  }

  @Override
  public String permission() {
    return "incident.escalate";
  }

  @Override
  void send(String incidentId, String actor) {
    incidents.escalate(incidentId, new Escalate(actor, IncidentCommand.SOURCE, "Escalate clicked in Slack"));
  }

  @Override
  String done() {
    return "escalated";
  }
}
