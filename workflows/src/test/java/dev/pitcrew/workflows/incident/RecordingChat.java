package dev.pitcrew.workflows.incident;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Slack test double: remembers what was posted where, or fails every call when Slack is "down". */
class RecordingChat implements ChatActivities {
  record Message(String channel, String text) {}

  /** A card as Slack would show it after a post ({@code ts} new) or an update (the {@code ts} it replaced). */
  record CardMessage(String channel, String ts, boolean update, IncidentCard card) {}

  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final List<String> invitedGroups = new CopyOnWriteArrayList<>();
  private final List<String> archived = new CopyOnWriteArrayList<>();
  private final List<IncidentSummary> summaries = new CopyOnWriteArrayList<>();
  private final List<CardMessage> cards = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextTs = new AtomicInteger(1);
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
  public String postCard(String channelId, IncidentCard card) {
    answerOrFail();
    String ts = "1700000000.00000" + nextTs.getAndIncrement();
    cards.add(new CardMessage(channelId, ts, false, card));
    return ts;
  }

  @Override
  public void updateCard(String channelId, String ts, IncidentCard card) {
    answerOrFail();
    cards.add(new CardMessage(channelId, ts, true, card));
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

  /** Every card posted or updated, in order. */
  List<CardMessage> cards() {
    return List.copyOf(cards);
  }

  int calls() {
    return calls.get();
  }
}
