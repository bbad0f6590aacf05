package dev.pitcrew.workflows.sla;

import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A ticket's SLA workflow on Temporal's time-skipping test server, its clock at Monday 09:00 UTC, one worker with
 * fresh recording ports for every test ({@code @RegisterExtension final SlaTestRun sla = new SlaTestRun();}).
 */
final class SlaTestRun implements BeforeEachCallback, AfterEachCallback {
  static final Instant MONDAY_9AM = Instant.parse("2026-03-02T09:00:00Z");

  TestWorkflowEnvironment env;
  WorkflowClient client;
  RecordingRunIndex index;
  SlaTestPorts.Policies policies;
  SlaTestPorts.Records records;
  SlaTestPorts.Notifications notifications;

  @Override
  public void beforeEach(ExtensionContext context) {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setInitialTime(MONDAY_9AM).build());
    client = env.getWorkflowClient();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(TicketSlaWorkflowImpl.class);
    index = new RecordingRunIndex();
    policies = new SlaTestPorts.Policies();
    records = new SlaTestPorts.Records();
    notifications = new SlaTestPorts.Notifications(env::currentTimeMillis, Set.of());
    worker.registerActivitiesImplementations(index, policies, records, notifications, new SlaTestPorts.Intake());
    env.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    env.close();
  }

  /** Starts the SLA run of a JIRA ticket in the support queue's category, as the intake would. */
  TicketSlaWorkflow open(String key, String priority) {
    TicketSlaWorkflow run = client.newWorkflowStub(TicketSlaWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(TicketSlaWorkflow.workflowId(key)).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(run::track, new TicketSlaInput(key, TicketSlaInput.SOURCE_JIRA, "Cannot log in",
        "player@example.com", priority, "Open", "account", List.of(), List.of(), null));
    return run;
  }
}
