package dev.pitcrew.activities.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.jira.JiraOutbox;
import dev.pitcrew.activities.notifications.NotificationLog;
import dev.pitcrew.activities.notifications.SlaNotificationOutbox;
import dev.pitcrew.activities.pagerduty.PagerDutyOutbox;
import dev.pitcrew.activities.pagerduty.PagerDutyPagingActivities;
import dev.pitcrew.activities.slack.IncidentSummaryMessage;
import dev.pitcrew.activities.slack.SlackConversationsOutbox;
import dev.pitcrew.activities.slack.SlackOutbox;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.IncidentCard;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.IncidentSummary;
import dev.pitcrew.workflows.incident.Page;
import dev.pitcrew.workflows.incident.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OutboxWritersTest {
  private final JsonMapper json = JsonMapper.builder().build();
  private OutboxRepository outbox;

  @BeforeEach
  void emptyOutbox() {
    TestDatabase.jdbc().sql("truncate outbox").update();
    outbox = new OutboxRepository(TestDatabase.jdbc());
  }

  @Test
  void listsEntriesNewestFirstAndByIntegration() {
    outbox.append("slack", "chat.postMessage", "C1", null, "{\"n\":1}");
    outbox.append("jira", "createIssue", "OPS", null, "{\"n\":2}");
    outbox.append("slack", "chat.postMessage", "C1", null, "{\"n\":3}");

    assertThat(newest(null, 10)).extracting(OutboxEntry::payload)
        .containsExactly("{\"n\": 3}", "{\"n\": 2}", "{\"n\": 1}");
    assertThat(newest("slack", 10)).extracting(OutboxEntry::payload)
        .containsExactly("{\"n\": 3}", "{\"n\": 1}");
    assertThat(newest(null, 1)).hasSize(1);
    assertThat(newest(null, 1).getFirst().createdAt()).isNotNull();
  }

  @Test
  void filtersByRunAndTimeWindowAndWritesADedupKeyOnce() {
    outbox.append("pagerduty", "trigger", "game-api-primary", "incident-a", "{\"n\":1}");
    outbox.append("pagerduty", "trigger", "game-api-primary", "incident-b", "{\"n\":2}");
    OutboxWrite mail = new OutboxWrite("email", "WARNING", "alice@studio.example", "ticket-sla-SUP-1",
        OutboxWrite.Delivery.SENT, "warn/SUP-1/1/FIRST_RESPONSE/75", "{\"n\":3}");
    assertThat(outbox.write(mail)).isPresent();
    assertThat(outbox.write(mail)).as("an activity retry writes nothing again").isEmpty();

    assertThat(outbox.find(OutboxQuery.newest(10).ofRun("incident-a"))).extracting(OutboxEntry::payload)
        .containsExactly("{\"n\": 1}");
    assertThat(outbox.find(OutboxQuery.newest(10).ofRunsStartingWith("ticket-sla-")))
        .extracting(OutboxEntry::delivery).containsExactly("SENT");
    Instant created = outbox.find(OutboxQuery.newest(1)).getFirst().createdAt();
    assertThat(outbox.find(OutboxQuery.newest(10).between(created.plusSeconds(1), null))).isEmpty();
    assertThat(outbox.find(OutboxQuery.newest(10).between(null, created.plusSeconds(1)))).hasSize(3);
    assertThat(outbox.find(OutboxQuery.newest(10).ofIntegration("pagerduty").page(1)))
        .extracting(OutboxEntry::runId).containsExactly("incident-a");
  }

  @Test
  void slackOutboxHandsBackASlackShapedTsAndListsMessagesWithIt() {
    SlackOutbox slack = new SlackOutbox(outbox);
    String ts = slack.postMessage("C0OPS", null, "Self-check started", null);
    slack.updateMessage("C0OPS", ts, "Self-check done", null);
    slack.respond("https://hooks.slack.com/commands/T0/1/secret", "Started", null, true);

    List<SlackOutbox.Entry> entries = slack.list(0, 10);
    assertThat(ts).matches("[0-9]+\\.[0-9]{6}");
    assertThat(entries).extracting(SlackOutbox.Entry::method)
        .containsExactly("response_url", "chat.update", "chat.postMessage");
    assertThat(entries).extracting(SlackOutbox.Entry::ts).containsExactly(null, ts, ts);
    assertThat(entries.get(1).text()).isEqualTo("Self-check done");
    assertThat(entries.getFirst().body()).doesNotContain("hooks.slack.com");
  }

  @Test
  void slaNotificationsLandInTheOutboxUnderTheTicketsRun() {
    new SlaNotificationOutbox(outbox).write(new NotificationLog.Notification("ack/SUP-7", "SUP-7",
        "ACKNOWLEDGEMENT", "email", "player@example.com", "We got your request", "Hello"),
        NotificationLog.Delivery.NOT_CONFIGURED);

    OutboxEntry entry = newest("email", 1).getFirst();
    assertThat(entry.runId()).isEqualTo("ticket-sla-SUP-7");
    assertThat(entry.operation()).isEqualTo("ACKNOWLEDGEMENT");
    assertThat(entry.delivery()).isEqualTo("NOT_CONFIGURED");
    assertThat(json.readTree(entry.payload()).get("subject").asString()).isEqualTo("We got your request");
  }

  @Test
  void pagerDutyOutboxRecordsTheEventWithoutAnyRoutingKey() {
    new PagerDutyPagingActivities(new PagerDutyOutbox(outbox))
        .trigger(new Page("incident-checkout-1a2b3c4d5e", "payments-primary", "[SEV1] Checkout failing",
            Severity.SEV1, "payments", new EscalationStep(2, 1)));

    OutboxEntry entry = newest("pagerduty", 1).getFirst();
    assertThat(entry.operation()).isEqualTo("trigger");
    assertThat(entry.target()).isEqualTo("payments-primary");
    assertThat(entry.runId()).isEqualTo("incident-checkout-1a2b3c4d5e");
    JsonNode event = json.readTree(entry.payload());
    assertThat(event.get("dedupKey").asString()).isEqualTo("incident-checkout-1a2b3c4d5e");
    assertThat(event.get("severity").asString()).isEqualTo("critical");
    assertThat(event.get("customDetails").get("escalationLevel").asInt()).isEqualTo(2);
    assertThat(entry.payload()).doesNotContainIgnoringCase("routing");
  }

  @Test
  void slackOutboxRecordsTheMessageWithItsBlocks() {
    IncidentSummary summary = new IncidentSummary("incident-checkout-1a2b3c4d5e", "Checkout failing", null,
        "payments", Severity.SEV2, "alertmanager", null, List.of("S-PRIMARY"));
    SlackConversationsOutbox slack = new SlackConversationsOutbox(outbox);
    String channel = slack.createChannel("inc-20261125-checkout-failing-ab12").id();
    slack.postMessage(channel, IncidentSummaryMessage.text(summary), IncidentSummaryMessage.blocks(summary));

    List<OutboxEntry> entries = newest("slack", 10);
    assertThat(entries).extracting(OutboxEntry::operation).containsExactly("chat.postMessage", "conversations.create");
    JsonNode message = json.readTree(entries.getFirst().payload());
    assertThat(message.get("channel").asString()).isEqualTo("outbox:inc-20261125-checkout-failing-ab12");
    JsonNode actions = message.get("blocks").get(2);
    assertThat(actions.get("block_id").asString()).isEqualTo("incident:incident-checkout-1a2b3c4d5e");
    assertThat(actions.get("elements").valueStream().map(e -> e.get("action_id").asString()).toList())
        .containsExactly("incident_acknowledge", "incident_escalate", "incident_resolve", "incident_severity");
  }

  @Test
  void slackOutboxNamesThePostedCardSoItsUpdateCanSayWhichMessageItReplaces() {
    IncidentCard card = new IncidentCard("incident-checkout-1a2b3c4d5e", "Checkout failing", null, "payments",
        Severity.SEV2, IncidentState.RESOLVED, "alertmanager", "alice", "alice", "alice", EscalationStep.FIRST,
        List.of("S-PRIMARY"), 60_000L, 600_000L);
    SlackConversationsOutbox slack = new SlackConversationsOutbox(outbox);

    String ts = slack.postMessage("outbox:inc-1", "opened", List.of());
    slack.updateMessage("outbox:inc-1", ts, IncidentSummaryMessage.text(card), IncidentSummaryMessage.blocks(card));

    List<OutboxEntry> entries = newest("slack", 10);
    assertThat(ts).isEqualTo("outbox-" + entries.getLast().id());
    assertThat(entries).extracting(OutboxEntry::operation).containsExactly("chat.update", "chat.postMessage");
    JsonNode update = json.readTree(entries.getFirst().payload());
    assertThat(update.get("channel").asString()).isEqualTo("outbox:inc-1");
    assertThat(update.get("ts").asString()).isEqualTo(ts);
    assertThat(update.get("text").asString()).isEqualTo("Resolved: [SEV2] Checkout failing on payments");
    assertThat(update.get("blocks").valueStream().map(b -> b.get("type").asString()).toList())
        .containsExactly("header", "section");
  }

  @Test
  void jiraOutboxRecordsTheIssueAndHandsBackAnOutboxKey() {
    JiraOutbox jira = new JiraOutbox(outbox, "OPS");

    String key = jira.create(Map.of("summary", "Postmortem: [SEV2] Checkout failing"));
    jira.link("Relates", "OUTBOX-9", key);

    List<OutboxEntry> entries = newest("jira", 10);
    assertThat(key).isEqualTo("OUTBOX-" + entries.get(1).id());
    assertThat(json.readTree(entries.get(1).payload()).get("fields").get("summary").asString())
        .isEqualTo("Postmortem: [SEV2] Checkout failing");
    assertThat(json.readTree(entries.get(0).payload()).get("outwardIssue").get("key").asString()).isEqualTo(key);
  }

  private List<OutboxEntry> newest(String integration, int limit) {
    return outbox.find(OutboxQuery.newest(limit).ofIntegration(integration));
  }
}
