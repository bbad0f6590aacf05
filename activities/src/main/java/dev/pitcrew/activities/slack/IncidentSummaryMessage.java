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
import dev.pitcrew.workflows.incident.IncidentSummary;
import dev.pitcrew.workflows.incident.Severity;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The incident channel's first message. Its controls carry the incident's workflow ID: the buttons as their
 * {@code value}, the actions block as {@code block_id} {@value #BLOCK_ID_PREFIX}{@code <workflowId>}, so the
 * interactivity endpoint can signal the right run.
 */
public final class IncidentSummaryMessage {
  public static final String BLOCK_ID_PREFIX = "incident:";
  public static final String ACKNOWLEDGE_ACTION = "incident_acknowledge";
  public static final String ESCALATE_ACTION = "incident_escalate";
  public static final String RESOLVE_ACTION = "incident_resolve";
  public static final String SEVERITY_ACTION = "incident_severity";

  private IncidentSummaryMessage() {}

  public static String text(IncidentSummary incident) {
    return "[" + incident.severity() + "] " + incident.title() + " on " + incident.service();
  }

  public static List<LayoutBlock> blocks(IncidentSummary incident) {
    String responders = incident.responderGroups().isEmpty() ? "nobody paged"
        : incident.responderGroups().stream().map(g -> "<!subteam^" + g + ">").collect(Collectors.joining(" "));
    String details = "*Service:* " + incident.service() + "\n*Severity:* " + incident.severity()
        + "\n*Opened by:* " + incident.openedBy()
        + "\n*Commander:* " + (incident.commander() == null ? "first to acknowledge" : incident.commander())
        + "\n*Paged:* " + responders
        + (incident.details() == null ? "" : "\n\n" + incident.details());
    return List.of(
        header(h -> h.text(plainText(truncate(text(incident), 150)))),
        section(s -> s.text(markdownText(details))),
        actions(a -> a.blockId(BLOCK_ID_PREFIX + incident.incidentId()).elements(controls(incident))));
  }

  private static List<BlockElement> controls(IncidentSummary incident) {
    String id = incident.incidentId();
    return List.of(
        button(b -> b.actionId(ACKNOWLEDGE_ACTION).text(plainText("Acknowledge")).value(id).style("primary")),
        button(b -> b.actionId(ESCALATE_ACTION).text(plainText("Escalate")).value(id)),
        button(b -> b.actionId(RESOLVE_ACTION).text(plainText("Resolve")).value(id).style("danger")),
        staticSelect(s -> s.actionId(SEVERITY_ACTION)
            .placeholder(plainText("Severity"))
            .initialOption(option(plainText(incident.severity().name()), incident.severity().name()))
            .options(Arrays.stream(Severity.values()).map(v -> option(plainText(v.name()), v.name())).toList())));
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
