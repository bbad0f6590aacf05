package dev.pitcrew.workflows.incident;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Slack test double: remembers what was posted where, or fails every call when Slack is "down". */
class RecordingChat implements ChatActivities {
  record Message(String channel, String text) {}

  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final List<String> invitedGroups = new CopyOnWriteArrayList<>();
  private final List<String> archived = new CopyOnWriteArrayList<>();
  private final List<IncidentSummary> summaries = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean down;

  void goDown() {
    down = true;
  }

  @Override
  public IncidentChannel createChannel(String name) {
    answerOrFail();
    return new IncidentChannel("C-" + name, name);
  }

  @Override
  public void inviteResponders(String channelId, List<String> userGroups) {
    answerOrFail();
    invitedGroups.addAll(userGroups);
  }

  @Override
  public void postSummary(String channelId, IncidentSummary summary) {
    answerOrFail();
    summaries.add(summary);
  }

  @Override
  public void post(String channelId, String text) {
    answerOrFail();
    messages.add(new Message(channelId, text));
  }

  @Override
  public void postToStakeholders(String text) {
    answerOrFail();
    messages.add(new Message("stakeholders", text));
  }

  @Override
  public void archiveChannel(String channelId) {
    answerOrFail();
    archived.add(channelId);
  }

  private void answerOrFail() {
    calls.incrementAndGet();
    if (down) {
      throw ApplicationFailure.newFailure("Slack is unreachable", "SlackUnavailable");
    }
  }

  List<String> textsIn(String channel) {
    return messages.stream().filter(m -> m.channel().equals(channel)).map(Message::text).toList();
  }

  List<String> channelTexts() {
    return messages.stream().filter(m -> !m.channel().equals("stakeholders")).map(Message::text).toList();
  }

  List<String> invitedGroups() {
    return List.copyOf(invitedGroups);
  }

  List<String> archived() {
    return List.copyOf(archived);
  }

  List<IncidentSummary> summaries() {
    return List.copyOf(summaries);
  }

  int calls() {
    return calls.get();
  }
}
