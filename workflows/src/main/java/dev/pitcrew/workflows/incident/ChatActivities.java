package dev.pitcrew.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The incident's conversation in Slack: its channel, who is in it, and what is posted there. */
@ActivityInterface
public interface ChatActivities {

  /** Creates the channel, or returns it when an earlier attempt already created it. */
  @ActivityMethod(name = "SlackCreateIncidentChannel")
  IncidentChannel createChannel(String name);

  /** Invites the members of Slack user groups; members already in the channel are fine. */
  @ActivityMethod(name = "SlackInviteResponders")
  void inviteResponders(String channelId, List<String> userGroups);

  /**
   * Posts the incident summary with its Acknowledge / Escalate / Resolve / Severity buttons. Used by incidents
   * started before the card was kept up to date ({@link #postCard}); kept so they finish as they began.
   */
  @ActivityMethod(name = "SlackPostIncidentSummary")
  void postSummary(String channelId, IncidentSummary summary);

  /** Posts the incident's card with the controls that fit its state. @return the message's {@code ts}, to update it */
  @ActivityMethod(name = "SlackPostIncidentCard")
  String postCard(String channelId, IncidentCard card);

  /** Replaces the card posted as {@code ts} (chat.update) with the incident's current state. */
  @ActivityMethod(name = "SlackUpdateIncidentCard")
  void updateCard(String channelId, String ts, IncidentCard card);

  @ActivityMethod(name = "SlackPostToChannel")
  void post(String channelId, String text);

  /** Posts to the configured stakeholder channel (not the incident channel). */
  @ActivityMethod(name = "SlackPostToStakeholders")
  void postToStakeholders(String text);

  @ActivityMethod(name = "SlackArchiveChannel")
  void archiveChannel(String channelId);
}
