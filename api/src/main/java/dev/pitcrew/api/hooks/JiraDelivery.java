package dev.pitcrew.api.hooks;

import dev.pitcrew.workflows.sla.TicketSlaInput;
import java.util.List;

/**
 * The parts of a JIRA Cloud webhook delivery Pitcrew acts on.
 *
 * @param event {@code webhookEvent}, e.g. {@code jira:issue_updated}
 * @param changes the changelog items of an update (empty otherwise)
 * @param comment the new comment of {@code comment_created}, else null
 * @param timestampMillis the payload's {@code timestamp} (epoch ms: when JIRA made the event), null when absent
 * @param changelogId {@code changelog.id} of an update, null otherwise
 */
record JiraDelivery(String event, Issue issue, List<Change> changes, Comment comment, Long timestampMillis,
                    Long changelogId) {
  static final String ISSUE_CREATED = "jira:issue_created";
  static final String ISSUE_UPDATED = "jira:issue_updated";
  static final String COMMENT_CREATED = "comment_created";

  /** A JIRA user as webhooks show it; {@code emailAddress} is often hidden by the user's privacy settings. */
  record User(String accountId, String emailAddress, String displayName) {
    /** What Pitcrew calls the user by: the account ID, which queue agents are matched on, else the email. */
    String identity() {
      return accountId != null ? accountId : emailAddress;
    }

    boolean sameAs(User other) {
      if (other == null) {
        return false;
      }
      if (accountId != null && other.accountId != null) {
        return accountId.equals(other.accountId);
      }
      return emailAddress != null && emailAddress.equalsIgnoreCase(other.emailAddress);
    }
  }

  record Issue(String key, String summary, String priority, String status, User assignee, User reporter,
               String issueType, List<String> components, List<String> labels) {

    TicketSlaInput asTicket() {
      return new TicketSlaInput(key, TicketSlaInput.SOURCE_JIRA, summary,
          reporter == null ? null : reporter.emailAddress(), priority, status, issueType, components, labels,
          assignee == null ? null : assignee.identity());
    }
  }

  /**
   * One changelog item: {@code to} is the new value's ID (an account ID for the assignee), {@code toName} is JIRA's
   * {@code toString}, the new value's name.
   */
  record Change(String field, String to, String toName) {}

  /**
   * @param internal JIRA Service Management's {@code jsdPublic: false}: an internal note the requester never
   *     sees, so never a response to them
   */
  record Comment(User author, String body, String created, boolean internal) {}
}
