package dev.pitcrew.activities.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.chatops.RunButton;
import dev.pitcrew.workflows.chatops.RunCard;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link RunCard} as Slack Block Kit JSON, and its plain-text fallback (notifications, screen readers). */
public final class RunCardBlocks {
  private RunCardBlocks() {}

  public static String text(RunCard card) {
    return card.title() + ": " + card.status() + (card.phase() == null ? "" : " (" + card.phase() + ")");
  }

  public static String blocks(RunCard card) {
    JsonArray blocks = new JsonArray();
    blocks.add(section(
        emoji(card.status()) + " *" + escape(card.title()) + "*\n" + statusLine(card)));
    if (!card.facts().isEmpty()) {
      StringBuilder facts = new StringBuilder();
      for (String fact : card.facts()) {
        facts.append("• ").append(escape(fact)).append('\n');
      }
      blocks.add(section(facts.toString().strip()));
    }
    if (!card.buttons().isEmpty()) {
      JsonObject actions = new JsonObject();
      actions.addProperty("type", "actions");
      actions.addProperty("block_id", "run-actions");
      JsonArray elements = new JsonArray();
      for (RunButton button : card.buttons()) {
        JsonObject element = new JsonObject();
        element.addProperty("type", "button");
        element.addProperty("action_id", button.actionId());
        element.addProperty("value", button.value());
        element.add("text", plainText(button.label()));
        if (button.style() != null) {
          element.addProperty("style", button.style());
        }
        elements.add(element);
      }
      actions.add("elements", elements);
      blocks.add(actions);
    }
    blocks.add(context(contextLine(card)));
    return blocks.toString();
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

  static JsonObject section(String mrkdwn) {
    JsonObject section = new JsonObject();
    section.addProperty("type", "section");
    JsonObject text = new JsonObject();
    text.addProperty("type", "mrkdwn");
    text.addProperty("text", mrkdwn);
    section.add("text", text);
    return section;
  }

  private static JsonObject context(String mrkdwn) {
    JsonObject context = new JsonObject();
    context.addProperty("type", "context");
    JsonArray elements = new JsonArray();
    JsonObject text = new JsonObject();
    text.addProperty("type", "mrkdwn");
    text.addProperty("text", mrkdwn);
    elements.add(text);
    context.add("elements", elements);
    return context;
  }

  private static JsonObject plainText(String value) {
    JsonObject text = new JsonObject();
    text.addProperty("type", "plain_text");
    text.addProperty("text", value);
    return text;
  }

  /** Slack's mrkdwn escaping: user-supplied text must not become mentions or links. */
  public static String escape(String value) {
    return value == null ? "" : value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
