package dev.pitcrew.workflows.sla;

/**
 * Something that happened to a ticket, as its SLA run takes it in: from JIRA as the {@code event} signal (a fact
 * the clocks must follow), or from a person through the API as the {@code applyEvent} update (a decision the run
 * may refuse, answered synchronously).
 *
 * @param value the new status, priority or assignee; who acted for a first response, resolution or reopening
 */
public record TicketEvent(Type type, String value) {
  public enum Type {
    /** An agent answered the requester. */
    FIRST_RESPONSE,
    /** Pauses, resumes, resolves or reopens, as the policy's status lists say. */
    STATUS,
    PRIORITY,
    ASSIGNEE,
    RESOLVE,
    REOPEN
  }

  public static TicketEvent firstResponse(String by) {
    return new TicketEvent(Type.FIRST_RESPONSE, by);
  }

  public static TicketEvent status(String status) {
    return new TicketEvent(Type.STATUS, status);
  }

  public static TicketEvent priority(String priority) {
    return new TicketEvent(Type.PRIORITY, priority);
  }

  public static TicketEvent assignee(String assignee) {
    return new TicketEvent(Type.ASSIGNEE, assignee);
  }

  public static TicketEvent resolve(String by) {
    return new TicketEvent(Type.RESOLVE, by);
  }

  public static TicketEvent reopen(String by) {
    return new TicketEvent(Type.REOPEN, by);
  }
}
