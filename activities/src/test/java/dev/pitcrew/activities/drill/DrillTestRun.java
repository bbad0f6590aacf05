package dev.pitcrew.activities.drill;

import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.drill.DrillReport;
import dev.pitcrew.workflows.drill.DrillRequest;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import dev.pitcrew.workflows.drill.DrillWorkflowImpl;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The drill workflow of every backup source (pg_dump, pgBackRest, Velero) on Temporal's test server, its reports
 * in Pitcrew's own (migrated) PostgreSQL, for one test ({@code @RegisterExtension final DrillTestRun temporal = new
 * DrillTestRun();}): a workflow worker without a cache, and activity workers a test may stop to play a lost worker.
 */
final class DrillTestRun implements BeforeEachCallback, AfterEachCallback {
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final DrillReportActivitiesImpl reports =
      new DrillReportActivitiesImpl(JdbcClient.create(TestDatabase.dataSource()), new DrillMetrics(meters));
  private final List<WorkerFactory> workers = new ArrayList<>();
  TestWorkflowEnvironment env;
  WorkflowClient client;
  private boolean workflowWorkerStarted;

  @Override
  public void beforeEach(ExtensionContext context) {
    env = TestWorkflowEnvironment.newInstance();
    env.start();
    client = env.getWorkflowClient();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    workers.forEach(WorkerFactory::shutdownNow);
    env.close();
  }

  /** Workflow tasks on a worker without a cache: every task replays the history, as a restarted worker would. */
  void startWorkflowWorker() {
    if (workflowWorkerStarted) {
      return;
    }
    WorkerFactory factory =
        WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    factory.newWorker(TaskQueues.OPERATIONS).registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
    factory.start();
    workers.add(factory);
    workflowWorkerStarted = true;
  }

  /** These activities, the reports and a runs index on a worker of their own on the operations queue. */
  WorkerFactory startActivities(Object... activities) {
    return startActivities(Map.of(), activities);
  }

  /** As above, with {@code onHosts} (host task queue → activities) polled by the same worker process. */
  WorkerFactory startActivities(Map<String, Object> onHosts, Object... activities) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    List<Object> operations = new ArrayList<>(List.of(activities));
    operations.add(reports);
    operations.add(new RecordingRunIndex());
    factory.newWorker(TaskQueues.OPERATIONS).registerActivitiesImplementations(operations.toArray());
    onHosts.forEach((queue, onHost) -> factory.newWorker(queue).registerActivitiesImplementations(onHost));
    factory.start();
    workers.add(factory);
    return factory;
  }

  DrillWorkflow newDrill(String name) {
    return client.newWorkflowStub(DrillWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(DrillWorkflow.workflowId(name)).setTaskQueue(TaskQueues.OPERATIONS).build());
  }

  /** Runs the drill as alice from the API would, to its report. */
  DrillReport run(String name) {
    return newDrill(name).run(new DrillRequest(name, "alice", "api", null));
  }

  /** The report of the drill's latest run, as stored in drill_runs. */
  static DrillReport storedReport(String drill) {
    String json = TestDatabase.jdbc()
        .sql("select report::text from drill_runs where drill_name = ? order by finished_at desc limit 1")
        .param(drill).query(String.class).single();
    return JsonMapper.builder().build().readValue(json, DrillReport.class);
  }
}
