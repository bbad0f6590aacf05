package dev.pitcrew.workflows.incident;

import static dev.pitcrew.workflows.incident.IncidentFixtures.incident;
import static dev.pitcrew.workflows.incident.IncidentFixtures.setup;
import static dev.pitcrew.workflows.incident.IncidentFixtures.threeLevels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.replay.HistoryReplay;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incident channel's card is posted once and then updated in place as the incident moves. */
class IncidentCardTest {
  private static final String DEDUP_KEY = "card-checkout";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RecordingChat chat;
  private RecordingIncidentRecords records;

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class);
    chat = new RecordingChat();
    records = new RecordingIncidentRecords();
    RecordingPager pager = new RecordingPager(() -> env.currentTimeMillis());
    worker.registerActivitiesImplementations(new RecordingRunIndex(), pager, chat, records, new FlakyPostmortems());
    env.newWorker(TaskQueues.PAGING).registerActivitiesImplementations(pager);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopEnvironment() {
    env.close();
  }

  @Test
  void theCardFollowsTheIncidentFromOpenToResolved() {
    records.serve(setup(threeLevels(0)));
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(IncidentIds.workflowIdFor(DEDUP_KEY)).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(incident::respond, incident(DEDUP_KEY, Severity.SEV2));
    env.sleep(Duration.ofMinutes(1));

    RecordingChat.CardMessage posted = chat.cards().getFirst();
    assertThat(posted.update()).isFalse();
    assertThat(posted.channel()).startsWith("C-inc-");
    assertThat(posted.card()).satisfies(card -> {
      assertThat(card.incidentId()).isEqualTo(IncidentIds.workflowIdFor(DEDUP_KEY));
      assertThat(card.state()).isEqualTo(IncidentState.OPEN);
      assertThat(card.severity()).isEqualTo(Severity.SEV2);
      assertThat(card.escalation()).isEqualTo(EscalationStep.FIRST);
      assertThat(card.responderGroups()).containsExactly("S-PRIMARY");
      assertThat(card.details()).isEqualTo("5xx on /checkout above 20%");
      assertThat(card.openedBy()).isEqualTo("alertmanager");
      assertThat(card.commander()).isNull();
    });

    incident.acknowledge(new Acknowledge("alice", "slack"));
    env.sleep(Duration.ofMinutes(1));
    assertThat(lastCard(posted)).satisfies(card -> {
      assertThat(card.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
      assertThat(card.acknowledgedBy()).isEqualTo("alice");
      assertThat(card.commander()).isEqualTo("alice");
    });

    incident.escalate(new Escalate("alice", "slack", "need the database team"));
    env.sleep(Duration.ofMinutes(1));
    assertThat(lastCard(posted)).satisfies(card -> {
      assertThat(card.escalation()).isEqualTo(new EscalationStep(2, 0));
      assertThat(card.responderGroups()).containsExactly("S-PRIMARY", "S-SECONDARY");
      assertThat(card.state()).as("the new level has to acknowledge").isEqualTo(IncidentState.OPEN);
    });

    incident.acknowledge(new Acknowledge("bob", "pagerduty"));
    incident.changeSeverity(new ChangeSeverity("bob", "slack", Severity.SEV1, "all regions"));
    env.sleep(Duration.ofMinutes(1));
    assertThat(lastCard(posted)).satisfies(card -> {
      assertThat(card.severity()).isEqualTo(Severity.SEV1);
      assertThat(card.acknowledgedBy()).as("the latest acknowledgement").isEqualTo("bob");
      assertThat(card.commander()).as("the first acknowledger stays commander").isEqualTo("alice");
    });

    incident.resolve(new Resolve("carol", "slack", "Rolled back", List.of()));
    IncidentStatus result = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
    assertThat(lastCard(posted)).satisfies(card -> {
      assertThat(card.state()).isEqualTo(IncidentState.RESOLVED);
      assertThat(card.resolvedBy()).isEqualTo("carol");
      assertThat(card.mttaMillis()).isEqualTo(result.mttaMillis());
      assertThat(card.mttrMillis()).isEqualTo(result.mttrMillis());
    });
    assertThat(chat.cards()).filteredOn(c -> !c.update()).as("posted once").hasSize(1);
    // Decisions are answered once applied, so the acknowledgement and the severity change sent right after it land
    // in one moment (one queued update covers both) or in two, depending on whether the first update still waits.
    assertThat(chat.cards()).filteredOn(RecordingChat.CardMessage::update)
        .as("at most one update per change").hasSizeBetween(4, 5);
    HistoryReplay.recordIfRequested(client, IncidentIds.workflowIdFor(DEDUP_KEY), "incident", "live-card");
  }

  @Test
  void anIncidentWithoutAChannelHasNoCard() {
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(IncidentIds.workflowIdFor("quiet")).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(incident::respond, incident("quiet", Severity.SEV4));
    incident.acknowledge(new Acknowledge("alice", "slack"));
    incident.resolve(new Resolve("alice", "slack", "Cosmetic", List.of()));
    WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    assertThat(chat.cards()).isEmpty();
    assertThat(chat.calls()).as("SEV4 opens no channel, so nothing is updated either").isZero();
  }

  /** The newest card message, which must be an update of the one first posted. */
  private IncidentCard lastCard(RecordingChat.CardMessage posted) {
    RecordingChat.CardMessage last = chat.cards().getLast();
    assertThat(last.update()).isTrue();
    assertThat(last.ts()).isEqualTo(posted.ts());
    assertThat(last.channel()).isEqualTo(posted.channel());
    return last.card();
  }
}
