package dev.pitcrew.activities.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Local mode without a bot token: every Slack Web API call Pitcrew would make is kept in the {@code slack_outbox}
 * table, in the JSON Slack would have received, and listed by {@code GET /api/v1/slack/outbox}. Messages get a
 * {@code ts} of the same shape Slack hands back, so later updates and thread replies refer to them as in Slack.
 */
public final class SlackOutbox implements SlackDelivery {

  /** One kept call. */
  public record Entry(
      long id, Instant createdAt, String method, String channel, String ts, String threadTs, String text,
      String body) {}

  private final JdbcClient jdbc;

  public SlackOutbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String postMessage(String channel, String threadTs, String text, String blocksJson) {
    JsonObject body = message(channel, text, blocksJson);
    if (threadTs != null) {
      body.addProperty("thread_ts", threadTs);
    }
    long id = insert("chat.postMessage", channel, null, threadTs, text, body);
    Instant now = Instant.now();
    String ts = now.getEpochSecond() + "." + String.format("%06d", id % 1_000_000);
    jdbc.sql("update slack_outbox set ts = ? where id = ?").params(ts, id).update();
    return ts;
  }

  @Override
  public void updateMessage(String channel, String ts, String text, String blocksJson) {
    JsonObject body = message(channel, text, blocksJson);
    body.addProperty("ts", ts);
    insert("chat.update", channel, ts, null, text, body);
  }

  @Override
  public void respond(String responseUrl, String text, String blocksJson, boolean ephemeral) {
    JsonObject body = new JsonObject();
    body.addProperty("response_type", ephemeral ? "ephemeral" : "in_channel");
    body.addProperty("replace_original", false);
    body.addProperty("text", text);
    if (blocksJson != null) {
      body.add("blocks", JsonParser.parseString(blocksJson));
    }
    // The response_url itself is a short-lived credential for the conversation: it is not kept.
    insert("response_url", null, null, null, text, body);
  }

  @Override
  public boolean live() {
    return false;
  }

  /** Newest first; one extra row is fetched so the caller can tell whether another page follows. */
  public List<Entry> list(int page, int size) {
    return jdbc.sql(
            "select id, created_at, method, channel, ts, thread_ts, text, body::text from slack_outbox "
                + "order by id desc limit ? offset ?")
        .params(size + 1, (long) page * size)
        .query(SlackOutbox::entry)
        .list();
  }

  private static JsonObject message(String channel, String text, String blocksJson) {
    JsonObject body = new JsonObject();
    body.addProperty("channel", channel);
    body.addProperty("text", text);
    if (blocksJson != null) {
      body.add("blocks", JsonParser.parseString(blocksJson));
    }
    return body;
  }

  private long insert(String method, String channel, String ts, String threadTs, String text, JsonObject body) {
    return jdbc.sql(
            "insert into slack_outbox (method, channel, ts, thread_ts, text, body) values (?, ?, ?, ?, ?, ?::jsonb) "
                + "returning id")
        .params(method, channel, ts, threadTs, text, body.toString())
        .query(Long.class)
        .single();
  }

  private static Entry entry(ResultSet rs, int row) throws SQLException {
    return new Entry(
        rs.getLong("id"), rs.getTimestamp("created_at").toInstant(), rs.getString("method"),
        rs.getString("channel"), rs.getString("ts"), rs.getString("thread_ts"), rs.getString("text"),
        rs.getString("body"));
  }
}
