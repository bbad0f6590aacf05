package dev.pitcrew.api.hooks;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What Pitcrew keeps per JIRA ticket beyond its SLA run: the requester's {@code accountId} (JIRA Cloud names people
 * by account ID; the email is usually hidden), and the newest delivery applied to the ticket, so that an older one
 * arriving late or sent again under a new identifier never overrides newer state.
 */
@Repository
class JiraTicketState {
  private final JdbcClient jdbc;

  JiraTicketState(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Marks a delivery as applied unless a newer one already was: older is an earlier payload {@code timestamp}, or
   * an earlier changelog id. The same timestamp and changelog are not older (JIRA's retry of a failed delivery, or
   * a second change made in the same millisecond), so they are applied again; applying them changes nothing new.
   * One statement, so two deliveries racing cannot both win.
   *
   * @return false when the delivery is stale
   */
  boolean advance(String ticketKey, long timestampMillis, Long changelogId) {
    return jdbc.sql("""
            insert into jira_ticket_state (ticket_key, last_timestamp_ms, last_changelog_id) values (:key, :ts, :cl)
            on conflict (ticket_key) do update
               set last_timestamp_ms = excluded.last_timestamp_ms,
                   last_changelog_id = coalesce(excluded.last_changelog_id, jira_ticket_state.last_changelog_id),
                   applied_at = now()
             where coalesce(jira_ticket_state.last_timestamp_ms, 0) <= excluded.last_timestamp_ms
               and (excluded.last_changelog_id is null or jira_ticket_state.last_changelog_id is null
                    or jira_ticket_state.last_changelog_id <= excluded.last_changelog_id)""")
        .param("key", ticketKey)
        .param("ts", timestampMillis)
        .param("cl", changelogId)
        .update() == 1;
  }

  /** The newest payload timestamp applied to the ticket, if any. */
  Optional<Long> lastApplied(String ticketKey) {
    return jdbc.sql("select last_timestamp_ms from jira_ticket_state where ticket_key = ?")
        .param(ticketKey)
        .query(Long.class)
        .optional();
  }

  void rememberRequester(String ticketKey, String accountId) {
    jdbc.sql("""
            insert into jira_ticket_state (ticket_key, requester_account_id) values (?, ?)
            on conflict (ticket_key) do update set requester_account_id = excluded.requester_account_id
             where jira_ticket_state.requester_account_id is distinct from excluded.requester_account_id""")
        .params(ticketKey, accountId)
        .update();
  }

  Optional<String> requesterOf(String ticketKey) {
    return jdbc.sql("select requester_account_id from jira_ticket_state where ticket_key = ?")
        .param(ticketKey)
        .query(String.class)
        .optional();
  }
}
