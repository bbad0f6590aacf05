package dev.pitcrew.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.metrics.DeploymentMetricsActivitiesImpl;
import dev.pitcrew.activities.support.LostWorker;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.deploy.AnalysisActivities;
import dev.pitcrew.workflows.deploy.AnalysisMetric;
import dev.pitcrew.workflows.deploy.AnalysisSpec;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflowImpl;
import dev.pitcrew.workflows.deploy.BlueGreenStrategy;
import dev.pitcrew.workflows.deploy.Colour;
import dev.pitcrew.workflows.deploy.DeploymentRequest;
import dev.pitcrew.workflows.deploy.DeploymentStatus;
import dev.pitcrew.workflows.deploy.GreenDeployment;
import dev.pitcrew.workflows.deploy.GreenSpec;
import dev.pitcrew.workflows.deploy.KubernetesRolloutActivities;
import dev.pitcrew.workflows.deploy.Measurement;
import dev.pitcrew.workflows.deploy.MeasurementPhase;
import dev.pitcrew.workflows.deploy.Readiness;
import dev.pitcrew.workflows.deploy.ReadinessCheck;
import dev.pitcrew.workflows.deploy.RecordingDeploymentRecords;
import dev.pitcrew.workflows.deploy.ScaleRequest;
import dev.pitcrew.workflows.deploy.ServiceSelection;
import dev.pitcrew.workflows.deploy.TrafficSwitch;
import dev.pitcrew.workflows.run.RecordingRunIndex;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stops the worker in the middle of a measurement (Analysing) and again right after the traffic switch was applied
 * but before its result was reported (Promoting). A new worker, with an empty workflow cache, picks the deployment
 * up from its history and retries the interrupted activity; the Kubernetes side (the CRUD mock API server with the
 * sandbox rollout controller) must end with exactly one selector switch and no duplicate Deployments.
 *
 * <p>The interrupted attempts end as on a worker pod that is being replaced: the running activity learns of the
 * shutdown from its next heartbeat and fails. (A worker killed outright would leave the attempt to its
 * start-to-close timeout instead; the retry and everything after it are the same, only later, which the in-memory
 * test server would make this test wait for in real time.)
 *
 * <p>Limitation of the in-memory test server: it can hand a workflow task to a long poll of a worker that has since
 * stopped, where it is lost. So the stopped and restarted workers here run the activities, while workflow tasks go
 * to a worker with no workflow cache, which replays the whole history for every task exactly as a freshly started
 * worker does.
 */
class BlueGreenCrashRecoveryTest {
  private static final String NS = "staging";
  private static final String SERVICE = "game-api";
  private static final String WORKFLOW_ID = BlueGreenDeploymentWorkflow.workflowId(SERVICE, NS);

  private KubernetesMockServer server;
  private NamespacedKubernetesClient kubernetes;
  private SandboxRolloutController rollouts;
  private KubernetesRolloutActivitiesImpl cluster;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final RecordingRunIndex index = new RecordingRunIndex();
  private final RecordingDeploymentRecords records = new RecordingDeploymentRecords();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<WorkerFactory> workers = new ArrayList<>();
  private final List<DyingStep> dyingSteps = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    kubernetes = server.createClient();
    rollouts = new SandboxRolloutController(kubernetes, Duration.ofMillis(100));
    rollouts.start();
    cluster = new KubernetesRolloutActivitiesImpl(
        kubernetes, new KubernetesTarget(KubernetesMode.SANDBOX, "mock", "crash test"));
    servingVersionOne();
    env = TestWorkflowEnvironment.newInstance();
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    dyingSteps.forEach(DyingStep::releaseTheDeadThread);
    workers.forEach(WorkerFactory::shutdownNow);
    env.close();
    rollouts.close();
    kubernetes.close();
    server.destroy();
  }

  @Test
  void aDeploymentSurvivesWorkerCrashesWhileAnalysingAndWhilePromoting() throws Exception {
    startWorkflowWorker();
    DyingStep measurement = dyingStep();
    WorkerFactory first = startActivityWorker(measurement.dyingOnFirstCall(), cluster);
    BlueGreenDeploymentWorkflow deployment = client.newWorkflowStub(BlueGreenDeploymentWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(WORKFLOW_ID).setTaskQueue(TaskQueues.OPERATIONS).build());
    WorkflowClient.start(deployment::deploy, request());

    measurement.awaitReached();
    assertThat(deployment.phase()).isEqualTo("Analysing");
    crash(first);

    DyingStep cutover = dyingStep();
    WorkerFactory second = startActivityWorker(passingAnalysis(), new DiesAfterSwitchingTraffic(cluster, cutover));
    assertThat(cutover.reached()).as("the switch was reached after the restart; history: %s", history()).isTrue();
    assertThat(deployment.phase()).isEqualTo("Promoting");
    assertThat(selectorColour(SERVICE)).as("the switch was applied before the worker died").isEqualTo("green");
    crash(second);

    startActivityWorker(passingAnalysis(), cluster);
    DeploymentStatus result = WorkflowStub.fromTyped(deployment).getResult(DeploymentStatus.class);

    assertThat(result.phase()).isEqualTo("Promoted");
    assertThat(result.trafficOn()).isEqualTo(Colour.GREEN);
    assertThat(kubernetes.apps().deployments().inNamespace(NS).list().getItems())
        .extracting(d -> d.getMetadata().getName() + " " + d.getSpec().getTemplate().getSpec().getContainers().get(0)
            .getImage() + " x" + d.getSpec().getReplicas())
        .containsExactlyInAnyOrder("game-api-blue registry.example/game-api:1.0 x0",
            "game-api-green registry.example/game-api:2.0 x3");
    assertThat(selectorColour(SERVICE)).isEqualTo("green");
    List<String> writes = writes();
    assertThat(writes).filteredOn(w -> w.equals("PATCH /api/v1/namespaces/staging/services/game-api"))
        .as("exactly one traffic switch").hasSize(1);
    assertThat(writes).filteredOn(w -> w.equals("POST /apis/apps/v1/namespaces/staging/deployments"))
        .as("blue when seeding, green once").hasSize(2);
    assertThat(writes).filteredOn(w -> w.startsWith("PUT /apis/apps/v1/namespaces/staging/deployments/game-api-green"))
        .as("green was never rewritten").isEmpty();
    assertThat(meters.counter("pitcrew.deployment.outcomes", "service", SERVICE, "environment", NS,
        "outcome", "Promoted").count()).isEqualTo(1.0);
  }

  /**
   * No workflow cache: every workflow task is replayed from the history, as on a freshly started worker. The runs
   * index is written by local activities, which run inside the workflow task on this worker, as in Pitcrew's own
   * worker process (which registers workflows and activities together).
   */
  private void startWorkflowWorker() {
    WorkerFactory factory =
        WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    Worker worker = factory.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(BlueGreenDeploymentWorkflowImpl.class);
    worker.registerActivitiesImplementations(index, records);
    factory.start();
    workers.add(factory);
  }

  private WorkerFactory startActivityWorker(AnalysisActivities analysis, KubernetesRolloutActivities kubernetesActivities) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TaskQueues.OPERATIONS);
    worker.registerActivitiesImplementations(
        index, records, analysis, kubernetesActivities, new DeploymentMetricsActivitiesImpl(meters));
    factory.start();
    workers.add(factory);
    return factory;
  }

  private DyingStep dyingStep() {
    DyingStep step = new DyingStep();
    dyingSteps.add(step);
    return step;
  }

  private static void crash(WorkerFactory worker) throws InterruptedException {
    worker.shutdown();
    worker.awaitTermination(20, TimeUnit.SECONDS);
    assertThat(worker.isTerminated()).as("the worker stopped").isTrue();
  }

  private static AnalysisActivities passingAnalysis() {
    return request -> new Measurement(MeasurementPhase.SUCCESSFUL, "[0.001]", "error rate below threshold");
  }

  private static DeploymentRequest request() {
    BlueGreenStrategy strategy = new BlueGreenStrategy(true, null, null, null, null, 120, 60,
        new AnalysisSpec(List.of(AnalysisMetric.smoke("healthz", "/healthz"))), null, null, null);
    return new DeploymentRequest(SERVICE, NS, "registry.example/game-api:2.0", null, 3, "alice", strategy, null);
  }

  /** game-api 1.0 serving from blue, set up with the adapter itself and rolled out by the simulated controller. */
  private void servingVersionOne() throws Exception {
    GreenDeployment blue = cluster.prepareGreen(
        new GreenSpec(SERVICE, NS, "registry.example/game-api:1.0", null, 3, 8080, 60, "seed"));
    cluster.pointServiceAt(new ServiceSelection(NS, SERVICE, SERVICE, blue.colour(), 8080));
    long deadline = System.currentTimeMillis() + 10_000;
    while (kubernetes.apps().deployments().inNamespace(NS).withName("game-api-blue").get().getStatus() == null) {
      assertThat(System.currentTimeMillis()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** For failure messages: what the server recorded, one event per line. */
  private String history() {
    StringBuilder events = new StringBuilder();
    client.fetchHistory(WORKFLOW_ID).getEvents().forEach(e -> events.append('\n').append(e.getEventTime().getSeconds())
        .append(' ').append(e.getEventType()).append(' ').append(e.hasActivityTaskScheduledEventAttributes()
            ? e.getActivityTaskScheduledEventAttributes().getActivityType().getName() : ""));
    return events.toString();
  }

  private String selectorColour(String service) {
    return kubernetes.services().inNamespace(NS).withName(service).get().getSpec().getSelector()
        .get("pitcrew.dev/colour");
  }

  /** Every request that changed something, except status writes by the simulated controller. */
  private List<String> writes() throws InterruptedException {
    List<String> writes = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      if (!r.getMethod().equals("GET") && !r.getPath().endsWith("/status")) {
        writes.add(r.getMethod() + " " + r.getPath());
      }
    }
    return writes;
  }

  /** A step during which the worker is stopped: it runs until the worker shuts down, and never succeeds. */
  private static final class DyingStep {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch testOver = new CountDownLatch(1);
    private final AtomicBoolean died = new AtomicBoolean();

    void dieOnFirstCall() {
      if (died.compareAndSet(false, true)) {
        reached.countDown();
        throw LostWorker.holdUntilStopped(testOver, "its first call");
      }
    }

    AnalysisActivities dyingOnFirstCall() {
      return request -> {
        dieOnFirstCall();
        return new Measurement(MeasurementPhase.SUCCESSFUL, "200", "never reported");
      };
    }

    boolean reached() throws InterruptedException {
      return reached.await(30, TimeUnit.SECONDS);
    }

    void awaitReached() throws InterruptedException {
      assertThat(reached.await(30, TimeUnit.SECONDS)).as("the step was reached").isTrue();
    }

    void releaseTheDeadThread() {
      testOver.countDown();
    }
  }

  /** The real adapter, on a worker that dies right after the active Service's selector was patched. */
  private static final class DiesAfterSwitchingTraffic implements KubernetesRolloutActivities {
    private final KubernetesRolloutActivities delegate;
    private final DyingStep step;

    DiesAfterSwitchingTraffic(KubernetesRolloutActivities delegate, DyingStep step) {
      this.delegate = delegate;
      this.step = step;
    }

    @Override
    public GreenDeployment prepareGreen(GreenSpec spec) {
      return delegate.prepareGreen(spec);
    }

    @Override
    public Readiness awaitReady(ReadinessCheck check) {
      return delegate.awaitReady(check);
    }

    @Override
    public void scale(ScaleRequest request) {
      delegate.scale(request);
    }

    @Override
    public TrafficSwitch pointServiceAt(ServiceSelection selection) {
      TrafficSwitch result = delegate.pointServiceAt(selection);
      if (selection.serviceName().equals(SERVICE)) {
        step.dieOnFirstCall();
      }
      return result;
    }
  }
}
