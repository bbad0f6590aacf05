package dev.pitcrew.activities.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.pitcrew.workflows.incident.IncidentChannel;
import java.util.List;

/** The Slack operations incidents need: Slack's Web API with a bot token, the outbox otherwise. */
public interface SlackConversations {
  IncidentChannel createChannel(String name);

  void inviteUserGroups(String channelId, List<String> userGroupIds);

  /** @return the message's {@code ts}, which names it for {@link #updateMessage} */
  String postMessage(String channel, String text, List<LayoutBlock> blocks);

  /** Replaces the text and blocks of the message posted as {@code ts} (chat.update). */
  void updateMessage(String channel, String ts, String text, List<LayoutBlock> blocks);

  void archive(String channelId);
}
