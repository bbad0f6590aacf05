package dev.pitcrew.activities.slack;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.google.gson.Gson;
import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.BlockElements;
import com.slack.api.util.json.GsonFactory;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.chatops.RunButton;
import dev.pitcrew.workflows.chatops.RunCard;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link RunCard} as Slack Block Kit JSON, and its plain-text fallback (notifications, screen readers). */
public final class RunCardBlocks {
  /**
   * The Slack SDK's own serialiser for its Block Kit model (snake_case, nulls left out), without HTML escaping so
   * mentions and links read {@code <@U123>} in the outbox as they do in Slack's documentation.
   */
  private static final Gson SLACK_JSON = GsonFactory.createSnakeCase().newBuilder().disableHtmlEscaping().create();

  private RunCardBlocks() {}

  public static String text(RunCard card) {
    return card.title() + ": " + card.status() + (card.phase() == null ? "" : " (" + card.phase() + ")");
  }

  public static String blocks(RunCard card) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(emoji(card.status()) + " *" + escape(card.title()) + "*\n" + statusLine(card)));
    if (!card.facts().isEmpty()) {
      StringBuilder facts = new StringBuilder();
      for (String fact : card.facts()) {
        facts.append("• ").append(escape(fact)).append('\n');
      }
      blocks.add(section(facts.toString().strip()));
    }
    if (!card.buttons().isEmpty()) {
      List<BlockElement> buttons = card.buttons().stream().map(RunCardBlocks::button).toList();
      blocks.add(Blocks.actions(actions -> actions.blockId("run-actions").elements(buttons)));
    }
    blocks.add(Blocks.context(context -> context.elements(List.of(markdownText(contextLine(card))))));
    return SLACK_JSON.toJson(blocks);
  }

  /** One section block of mrkdwn, as JSON: a message's whole body when it is only text. */
  public static String sectionJson(String mrkdwn) {
    return SLACK_JSON.toJson(List.of(section(mrkdwn)));
  }

  private static LayoutBlock section(String mrkdwn) {
    return Blocks.section(section -> section.text(markdownText(mrkdwn)));
  }

  private static BlockElement button(RunButton button) {
    return BlockElements.button(element -> element
        .actionId(button.actionId())
        .value(button.value())
        .text(plainText(button.label()))
        .style(button.style()));
  }

  private static String statusLine(RunCard card) {
    String phase = card.phase() == null ? "" : " · phase *" + escape(card.phase()) + "*";
    return "Status *" + card.status() + "*" + phase;
  }

  private static String contextLine(RunCard card) {
    List<String> parts = new ArrayList<>();
    parts.add("Run `" + escape(card.workflowId()) + "`");
    ChatOpsContext chat = card.chat();
    if (chat != null) {
      if (chat.requestedBy() != null) {
        parts.add("asked by <@" + chat.requestedBy() + ">");
      }
      if (chat.consoleRunsUrl() != null) {
        parts.add("<" + chat.consoleRunsUrl() + card.workflowId() + "|Pitcrew>");
      }
      if (chat.temporalUiRunsUrl() != null) {
        parts.add("<" + chat.temporalUiRunsUrl() + card.workflowId() + "|Temporal UI>");
      }
    }
    return String.join(" · ", parts);
  }

  private static String emoji(String status) {
    return switch (status) {
      case "RUNNING" -> ":hourglass_flowing_sand:";
      case "COMPLETED" -> ":white_check_mark:";
      case "CANCELED" -> ":no_entry_sign:";
      default -> ":x:";
    };
  }

  /** Slack's mrkdwn escaping: user-supplied text must not become mentions or links. */
  public static String escape(String value) {
    return value == null ? "" : value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
