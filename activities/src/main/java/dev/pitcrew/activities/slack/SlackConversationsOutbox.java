package dev.pitcrew.activities.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.pitcrew.activities.outbox.OutboxRepository;
import dev.pitcrew.workflows.incident.IncidentChannel;
import java.util.List;

/**
 * Local mode: writes each Web API call to the outbox, with the body Slack would have received. Channels it
 * "creates" get the ID {@code outbox:<name>}; messages it "posts" get the ts {@code outbox-<entry id>}, so a
 * later chat.update row names the message it would have replaced.
 */
public class SlackConversationsOutbox implements SlackConversations {
  private final OutboxRepository outbox;
  private final Gson gson = GsonFactory.createSnakeCase();

  public SlackConversationsOutbox(OutboxRepository outbox) {
    this.outbox = outbox;
  }

  @Override
  public IncidentChannel createChannel(String name) {
    JsonObject body = new JsonObject();
    body.addProperty("name", name);
    body.addProperty("is_private", false);
    outbox.append("slack", "conversations.create", name, null, gson.toJson(body));
    return new IncidentChannel("outbox:" + name, name);
  }

  @Override
  public void inviteUserGroups(String channelId, List<String> userGroupIds) {
    JsonObject body = new JsonObject();
    body.addProperty("channel", channelId);
    body.add("usergroups", gson.toJsonTree(userGroupIds));
    outbox.append("slack", "conversations.invite", channelId, null, gson.toJson(body));
  }

  @Override
  public String postMessage(String channel, String text, List<LayoutBlock> blocks) {
    JsonObject body = message(channel, text, blocks);
    return "outbox-" + outbox.append("slack", "chat.postMessage", channel, null, gson.toJson(body));
  }

  @Override
  public void updateMessage(String channel, String ts, String text, List<LayoutBlock> blocks) {
    JsonObject body = message(channel, text, blocks);
    body.addProperty("ts", ts);
    outbox.append("slack", "chat.update", channel, null, gson.toJson(body));
  }

  private JsonObject message(String channel, String text, List<LayoutBlock> blocks) {
    JsonObject body = new JsonObject();
    body.addProperty("channel", channel);
    body.addProperty("text", text);
    if (blocks != null && !blocks.isEmpty()) {
      body.add("blocks", gson.toJsonTree(blocks));
    }
    return body;
  }

  @Override
  public void archive(String channelId) {
    JsonObject body = new JsonObject();
    body.addProperty("channel", channelId);
    outbox.append("slack", "conversations.archive", channelId, null, gson.toJson(body));
  }
}
