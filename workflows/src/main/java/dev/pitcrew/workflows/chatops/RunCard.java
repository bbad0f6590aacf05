package dev.pitcrew.workflows.chatops;

import java.util.List;

/**
 * What a run's Slack message says, independent of Slack's block format (the activity renders it).
 *
 * @param status RUNNING, COMPLETED, FAILED, CANCELED ...
 * @param facts short lines shown under the title, e.g. "Probe: worker w-1 reached PostgreSQL 17.6"
 * @param buttons offered while the run waits for a person; empty otherwise
 */
public record RunCard(
    String title,
    String workflowId,
    String status,
    String phase,
    ChatOpsContext chat,
    List<String> facts,
    List<RunButton> buttons) {

  public RunCard {
    facts = facts == null ? List.of() : List.copyOf(facts);
    buttons = buttons == null ? List.of() : List.copyOf(buttons);
  }
}
