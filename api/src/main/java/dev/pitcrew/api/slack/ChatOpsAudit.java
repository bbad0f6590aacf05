package dev.pitcrew.api.slack;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code chatops_audit} table: every Slack command and click, who, what, where, when and how it ended. A row
 * is written as {@code accepted} before Slack is acknowledged, with what is needed to carry the request out, so
 * it doubles as a durable inbox.
 */
@Repository
public class ChatOpsAudit {

  /** One audited request as {@code GET /api/v1/slack/audit} shows it (the stored request itself is not shown). */
  public record Entry(
      long id, Instant receivedAt, Instant finishedAt, String kind, String slackTeamId, String slackUserId,
      String identity, String channel, String action, String target, String result, String detail) {}

  /** A request accepted but not finished, claimed for carrying out again. */
  record InFlight(long id, String kind, String request) {}

  private final JdbcClient jdbc;

  ChatOpsAudit(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long accepted(String kind, String teamId, String userId, String channel, String action, String requestJson) {
    return jdbc.sql(
            "insert into chatops_audit (kind, slack_team_id, slack_user_id, channel_id, action, result, request) "
                + "values (?, ?, ?, ?, ?, 'accepted', ?::jsonb) returning id")
        .params(kind, teamId, userId, channel, action, requestJson)
        .query(Long.class)
        .single();
  }

  void finish(long id, String identity, String result, String target, String detail) {
    jdbc.sql(
            "update chatops_audit set finished_at = now(), identity = ?, result = ?, target = ?, detail = ? "
                + "where id = ?")
        .params(identity, result, target, detail, id)
        .update();
  }

  /**
   * Claims requests accepted at least {@code olderThan} ago and never finished (the process that accepted them
   * stopped): each is claimed once, by one process, and carried out again.
   */
  List<InFlight> claimInterrupted(Duration olderThan, Duration notOlderThan) {
    return jdbc.sql(
            """
            update chatops_audit set detail = 'resumed after an interruption'
            where id in (select id from chatops_audit
                         where result = 'accepted' and detail is null and received_at < ? and received_at > ?
                         order by id limit 50 for update skip locked)
            returning id, kind, request::text
            """)
        .params(Timestamp.from(Instant.now().minus(olderThan)), Timestamp.from(Instant.now().minus(notOlderThan)))
        .query((rs, n) -> new InFlight(rs.getLong(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  /** Requests too old to answer any more (Slack's reply URL has expired) are closed as expired. */
  int expire(Duration olderThan) {
    return jdbc.sql(
            "update chatops_audit set result = 'expired', finished_at = now(), detail = coalesce(detail || '; ', '')"
                + " || 'not carried out before its Slack reply URL expired' where result = 'accepted' "
                + "and received_at < ?")
        .param(Timestamp.from(Instant.now().minus(olderThan)))
        .update();
  }

  /** Newest first; one extra row tells whether another page follows. */
  public List<Entry> list(int page, int size) {
    return jdbc.sql(
            "select id, received_at, finished_at, kind, slack_team_id, slack_user_id, identity, channel_id, action,"
                + " target, result, detail from chatops_audit order by received_at desc, id desc limit ? offset ?")
        .params(size + 1, (long) page * size)
        .query(ChatOpsAudit::entry)
        .list();
  }

  private static Entry entry(ResultSet rs, int row) throws SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    return new Entry(
        rs.getLong("id"), rs.getTimestamp("received_at").toInstant(), finished == null ? null : finished.toInstant(),
        rs.getString("kind"), rs.getString("slack_team_id"), rs.getString("slack_user_id"),
        rs.getString("identity"), rs.getString("channel_id"), rs.getString("action"), rs.getString("target"),
        rs.getString("result"), rs.getString("detail"));
  }
}
