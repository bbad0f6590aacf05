package dev.pitcrew.api.slack;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Slack users linked to Pitcrew identities by an admin ({@code slack_identity_links}), so a person has the same
 * rights, and counts as the same person for the two-person rule, in Slack and over REST.
 */
@Repository
public class SlackLinks {
  public record Link(String slackUserId, String identity, Instant linkedAt, String linkedBy) {}

  private final JdbcClient jdbc;

  SlackLinks(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<String> identityOf(String slackUserId) {
    return jdbc.sql("select identity from slack_identity_links where slack_user_id = upper(?)").param(slackUserId)
        .query(String.class).optional();
  }

  public void link(String slackUserId, String identity, String by) {
    jdbc.sql("""
            insert into slack_identity_links (slack_user_id, identity, linked_by) values (upper(?), ?, ?)
            on conflict (slack_user_id) do update set identity = excluded.identity, linked_at = now(),
              linked_by = excluded.linked_by
            """)
        .params(slackUserId, identity, by).update();
  }

  public boolean unlink(String slackUserId) {
    return jdbc.sql("delete from slack_identity_links where slack_user_id = upper(?)").param(slackUserId)
        .update() == 1;
  }

  public List<Link> list() {
    return jdbc.sql("select slack_user_id, identity, linked_at, linked_by from slack_identity_links order by 1")
        .query((rs, n) -> new Link(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
            rs.getString(4)))
        .list();
  }
}
