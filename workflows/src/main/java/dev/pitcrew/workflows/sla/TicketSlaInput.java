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
 *     to go on with; null for every ordinary start
 * @param continued set only in a run that continued as new: where its predecessor stood
 * @param continueAsNewAfterEvents the history length at which the run continues as new (null: {@value
 *     #DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS}; Temporal may suggest it earlier)
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
    RecoveredSla recovered,
    TicketSlaCheckpoint continued,
    Integer continueAsNewAfterEvents) {

  public static final int DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 2000;

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
      String assignee,
      RecoveredSla recovered) {
    this(ticketKey, source, title, requesterEmail, priority, status, category, components, labels, assignee,
        recovered, null, null);
  }

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

  /** The same ticket, for the run that continues this one as new from {@code checkpoint}. */
  public TicketSlaInput continuedFrom(TicketSlaCheckpoint checkpoint) {
    return new TicketSlaInput(ticketKey, source, title, requesterEmail, priority, status, category, components,
        labels, assignee, null, checkpoint, continueAsNewAfterEvents);
  }

  public int effectiveContinueAsNewAfterEvents() {
    return continueAsNewAfterEvents == null ? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS : continueAsNewAfterEvents;
  }

  public static final String SOURCE_JIRA = "jira";
  public static final String SOURCE_PITCREW = "pitcrew";
}
