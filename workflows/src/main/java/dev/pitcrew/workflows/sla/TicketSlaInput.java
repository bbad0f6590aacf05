package dev.pitcrew.workflows.sla;

import java.util.List;

/**
 * A ticket as Pitcrew first sees it.
 *
 * @param ticketKey the JIRA issue key (e.g. {@code SUP-42}) or Pitcrew's own key for tickets created through the API
 * @param source {@code jira} when the ticket lives in JIRA (Pitcrew writes assignee and priority back to it),
 *     {@code pitcrew} otherwise
 * @param assignee already assigned agent, or null to let routing choose
 * @param recovered set only when Pitcrew recovers a ticket whose run was lost with its Temporal engine: the clocks
 *     to go on with; null for every ordinary start (and in every history written before it existed)
 */
public record TicketSlaInput(
    String ticketKey,
    String source,
    String title,
    String requesterEmail,
    String priority,
    String status,
    String category,
    List<String> components,
    List<String> labels,
    String assignee,
    RecoveredSla recovered) {

  public TicketSlaInput(
      String ticketKey,
      String source,
      String title,
      String requesterEmail,
      String priority,
      String status,
      String category,
      List<String> components,
      List<String> labels,
      String assignee) {
    this(ticketKey, source, title, requesterEmail, priority, status, category, components, labels, assignee, null);
  }

  public static final String SOURCE_JIRA = "jira";
  public static final String SOURCE_PITCREW = "pitcrew";
}
