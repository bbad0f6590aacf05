package dev.pitcrew.activities.slack;

import dev.pitcrew.workflows.incident.ChatActivities;
import dev.pitcrew.workflows.incident.IncidentCard;
import dev.pitcrew.workflows.incident.IncidentChannel;
import dev.pitcrew.workflows.incident.IncidentSummary;
import java.util.List;
import org.springframework.stereotype.Component;

/** The incident workflow's conversation, carried out in Slack. */
@Component
public class SlackChatActivities implements ChatActivities {
  private final SlackConversations slack;
  private final SlackProperties properties;

  public SlackChatActivities(SlackConversations slack, SlackProperties properties) {
    this.slack = slack;
    this.properties = properties;
  }

  @Override
  public IncidentChannel createChannel(String name) {
    return slack.createChannel(name);
  }

  @Override
  public void inviteResponders(String channelId, List<String> userGroups) {
    if (!userGroups.isEmpty()) {
      slack.inviteUserGroups(channelId, userGroups);
    }
  }

  @Override
  public void postSummary(String channelId, IncidentSummary summary) {
    slack.postMessage(channelId, IncidentSummaryMessage.text(summary), IncidentSummaryMessage.blocks(summary));
  }

  @Override
  public String postCard(String channelId, IncidentCard card) {
    return slack.postMessage(channelId, IncidentSummaryMessage.text(card), IncidentSummaryMessage.blocks(card));
  }

  @Override
  public void updateCard(String channelId, String ts, IncidentCard card) {
    slack.updateMessage(channelId, ts, IncidentSummaryMessage.text(card), IncidentSummaryMessage.blocks(card));
  }

  @Override
  public void post(String channelId, String text) {
    slack.postMessage(channelId, text, List.of());
  }

  @Override
  public void postToStakeholders(String text) {
    slack.postMessage(properties.stakeholderChannel(), text, List.of());
  }

  @Override
  public void archiveChannel(String channelId) {
    slack.archive(channelId);
  }
}
