package dev.pitcrew.activities.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.staticSelect;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.HumanDuration;
import dev.pitcrew.workflows.incident.IncidentCard;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.IncidentSummary;
import dev.pitcrew.workflows.incident.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The incident channel's first message: the card ({@link IncidentCard}), kept up to date as the incident moves,
 * or the summary posted once by incidents started before that ({@link IncidentSummary}). Its controls carry the
 * incident's workflow ID: the buttons as their {@code value}, the actions block as {@code block_id}
 * {@value #BLOCK_ID_PREFIX}{@code <workflowId>}, so the interactivity endpoint can signal the right run.
 */
public final class IncidentSummaryMessage {
  public static final String BLOCK_ID_PREFIX = "incident:";
  public static final String ACKNOWLEDGE_ACTION = "incident_acknowledge";
  public static final String ESCALATE_ACTION = "incident_escalate";
  public static final String RESOLVE_ACTION = "incident_resolve";
  public static final String SEVERITY_ACTION = "incident_severity";

  private IncidentSummaryMessage() {}

  public static String text(IncidentCard card) {
    String headline = "[" + card.severity() + "] " + card.title() + " on " + card.service();
    return card.state() == IncidentState.RESOLVED ? "Resolved: " + headline : headline;
  }

  /**
   * The card for the incident's state: Acknowledge, Escalate, Resolve and Severity while open; no Acknowledge once
   * acknowledged (Escalate still pages the next level); no controls once resolved, which shows MTTA and MTTR.
   */
  public static List<LayoutBlock> blocks(IncidentCard card) {
    StringBuilder fields = new StringBuilder()
        .append("*State:* ").append(state(card))
        .append("\n*Service:* ").append(card.service())
        .append("\n*Severity:* ").append(card.severity())
        .append("\n*Opened by:* ").append(card.openedBy())
        .append("\n*Commander:* ").append(card.commander() == null ? "first to acknowledge" : card.commander())
        .append("\n*Escalation:* ").append(escalation(card.escalation()))
        .append("\n*Paged:* ").append(responders(card.responderGroups()));
    if (card.state() == IncidentState.RESOLVED) {
      fields.append("\n*Time to acknowledge:* ")
          .append(card.mttaMillis() == null ? "never acknowledged" : HumanDuration.of(card.mttaMillis()))
          .append("\n*Time to resolve:* ").append(card.mttrMillis() == null ? "-" : HumanDuration.of(card.mttrMillis()));
    }
    if (card.details() != null) {
      fields.append("\n\n").append(card.details());
    }
    List<LayoutBlock> blocks = new ArrayList<>(List.of(
        header(h -> h.text(plainText(truncate(text(card), 150)))),
        section(s -> s.text(markdownText(fields.toString())))));
    if (card.state() != IncidentState.RESOLVED) {
      List<BlockElement> controls =
          controls(card.incidentId(), card.severity(), card.state() == IncidentState.OPEN);
      blocks.add(actions(a -> a.blockId(BLOCK_ID_PREFIX + card.incidentId()).elements(controls)));
    }
    return List.copyOf(blocks);
  }

  private static String state(IncidentCard card) {
    return switch (card.state()) {
      case OPEN -> "Open, waiting for acknowledgement";
      case ACKNOWLEDGED -> "Acknowledged by " + card.acknowledgedBy();
      case RESOLVED -> "Resolved by " + card.resolvedBy();
    };
  }

  private static String escalation(EscalationStep step) {
    if (step == null) {
      return "nobody paged";
    }
    return "level " + step.level() + (step.loop() > 0 ? " (repeat " + step.loop() + ")" : "");
  }

  private static String responders(List<String> groups) {
    return groups.isEmpty() ? "nobody paged"
        : groups.stream().map(g -> "<!subteam^" + g + ">").collect(Collectors.joining(" "));
  }

  public static String text(IncidentSummary incident) {
    return "[" + incident.severity() + "] " + incident.title() + " on " + incident.service();
  }

  public static List<LayoutBlock> blocks(IncidentSummary incident) {
    String responders = responders(incident.responderGroups());
    String details = "*Service:* " + incident.service() + "\n*Severity:* " + incident.severity()
        + "\n*Opened by:* " + incident.openedBy()
        + "\n*Commander:* " + (incident.commander() == null ? "first to acknowledge" : incident.commander())
        + "\n*Paged:* " + responders
        + (incident.details() == null ? "" : "\n\n" + incident.details());
    return List.of(
        header(h -> h.text(plainText(truncate(text(incident), 150)))),
        section(s -> s.text(markdownText(details))),
        actions(a -> a.blockId(BLOCK_ID_PREFIX + incident.incidentId())
            .elements(controls(incident.incidentId(), incident.severity(), true))));
  }

  private static List<BlockElement> controls(String id, Severity severity, boolean acknowledge) {
    List<BlockElement> controls = new ArrayList<>();
    if (acknowledge) {
      controls.add(button(b -> b.actionId(ACKNOWLEDGE_ACTION).text(plainText("Acknowledge")).value(id).style("primary")));
    }
    controls.add(button(b -> b.actionId(ESCALATE_ACTION).text(plainText("Escalate")).value(id)));
    controls.add(button(b -> b.actionId(RESOLVE_ACTION).text(plainText("Resolve")).value(id).style("danger")));
    controls.add(staticSelect(s -> s.actionId(SEVERITY_ACTION)
        .placeholder(plainText("Severity"))
        .initialOption(option(plainText(severity.name()), severity.name()))
        .options(Arrays.stream(Severity.values()).map(v -> option(plainText(v.name()), v.name())).toList())));
    return List.copyOf(controls);
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
