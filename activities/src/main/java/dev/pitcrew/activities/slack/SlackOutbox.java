package dev.pitcrew.activities.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pitcrew.activities.outbox.OutboxEntry;
import dev.pitcrew.activities.outbox.OutboxQuery;
import dev.pitcrew.activities.outbox.OutboxRepository;
import java.time.Instant;
import java.util.List;

/**
 * Local mode without a bot token: every Slack Web API call Pitcrew would make is kept in the outbox, in the JSON
 * Slack would have received, and listed by {@code GET /api/v1/outbox?integration=slack} (and, for ChatOps,
 * {@code GET /api/v1/slack/outbox}). Messages get a {@code ts} of the same shape Slack hands back, so later updates
 * and thread replies refer to them as in Slack.
 */
public final class SlackOutbox implements SlackDelivery {

  /** One kept call. */
  public record Entry(
      long id, Instant createdAt, String method, String channel, String ts, String threadTs, String text,
      String body) {}

  private static final String SLACK = "slack";

  private final OutboxRepository outbox;

  public SlackOutbox(OutboxRepository outbox) {
    this.outbox = outbox;
  }

  @Override
  public String postMessage(String channel, String threadTs, String text, String blocksJson) {
    JsonObject body = message(channel, text, blocksJson);
    if (threadTs != null) {
      body.addProperty("thread_ts", threadTs);
    }
    long id = insert("chat.postMessage", channel, body);
    Instant now = Instant.now();
    String ts = now.getEpochSecond() + "." + String.format("%06d", id % 1_000_000);
    outbox.setHandle(id, ts);
    return ts;
  }

  @Override
  public void updateMessage(String channel, String ts, String text, String blocksJson) {
    JsonObject body = message(channel, text, blocksJson);
    body.addProperty("ts", ts);
    insert("chat.update", channel, body);
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
    insert("response_url", null, body);
  }

  @Override
  public boolean live() {
    return false;
  }

  /** Newest first; one extra row is fetched so the caller can tell whether another page follows. */
  public List<Entry> list(int page, int size) {
    return outbox.find(OutboxQuery.newest(size + 1).ofIntegration(SLACK).page((long) page * size)).stream()
        .map(SlackOutbox::entry)
        .toList();
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

  private long insert(String method, String channel, JsonObject body) {
    return outbox.append(SLACK, method, channel, null, body.toString());
  }

  private static Entry entry(OutboxEntry row) {
    JsonObject body = JsonParser.parseString(row.payload()).getAsJsonObject();
    String ts = row.handle() != null ? row.handle() : string(body.get("ts"));
    return new Entry(row.id(), row.createdAt(), row.operation(), row.target(), ts, string(body.get("thread_ts")),
        string(body.get("text")), row.payload());
  }

  private static String string(JsonElement element) {
    return element == null || element.isJsonNull() ? null : element.getAsString();
  }
}
