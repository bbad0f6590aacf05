package dev.pitcrew.activities.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.pitcrew.workflows.incident.IncidentChannel;
import java.util.List;

/** The Slack operations incidents need: Slack's Web API with a bot token, the outbox otherwise. */
public interface SlackConversations {
  IncidentChannel createChannel(String name);

  void inviteUserGroups(String channelId, List<String> userGroupIds);

  void postMessage(String channel, String text, List<LayoutBlock> blocks);

  void archive(String channelId);
}
