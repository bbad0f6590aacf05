package dev.pitcrew.workers.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workers.temporal.TemporalEndpoint;
import dev.pitcrew.workers.temporal.TemporalProperties;
import dev.pitcrew.workers.temporal.TemporalProperties.StickyMode;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pitcrew killed while Temporal's Java test server, run as its own engine, keeps the run: the worker that had the
 * run cached is gone and a new one (a new sticky queue) starts. With the worker options Pitcrew chooses for that
 * engine the run's next workflow task reaches the new worker and the run completes; with sticky execution on, the
 * task would wait on the dead worker's sticky queue for ever (checked by hand with {@code StickyMode.ON}).
 */
class StickyExecutionTest {
  static final String QUEUE = "sticky-execution-test";
  static final CountDownLatch FIRST_ATTEMPT_STARTED = new CountDownLatch(1);

  private TestServer.PortBoundTestServer engine;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private TemporalEndpoint endpoint;

  @WorkflowInterface
  public interface StepWorkflow {
    @WorkflowMethod
    String run();
  }

  @ActivityInterface
  public interface Step {
    String work();
  }

  public static class StepWorkflowImpl implements StepWorkflow {
    private final Step step = Workflow.newActivityStub(Step.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(5))
        .setHeartbeatTimeout(Duration.ofSeconds(2))
        .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(100)).build())
        .build());

    @Override
    public String run() {
      return "done by attempt " + step.work();
    }
  }

  /** The first attempt hangs like a step on a worker that is about to die; later attempts finish. */
  static class StepImpl implements Step {
    @Override
    public String work() {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      if (attempt == 1) {
        FIRST_ATTEMPT_STARTED.countDown();
        try {
          new CountDownLatch(1).await(); // until the worker is torn down
        } catch (InterruptedException killed) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the worker died");
      }
      return String.valueOf(attempt);
    }
  }

  @BeforeEach
  void startEngine() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    engine = TestServer.createPortBoundServer(port, false);
    String target = "127.0.0.1:" + port;
    stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    endpoint = TemporalEndpoint.cluster(target, "default", null);
  }

  @AfterEach
  void stopEngine() {
    stubs.shutdownNow();
    engine.close();
  }

  @Test
  void aTestServerRunAsItsOwnEngineIsRecognisedAndGetsNoStickyTasks() {
    assertThat(StickyExecution.enabled(StickyMode.AUTO, endpoint, stubs, Duration.ofSeconds(10))).isFalse();
    TemporalEndpoint embedded = new TemporalEndpoint(endpoint.target(), "default", "test-server", null, false, false);
    assertThat(StickyExecution.enabled(StickyMode.AUTO, embedded, stubs, Duration.ofSeconds(10)))
        .as("an engine inside Pitcrew's process dies with its workers").isTrue();
    assertThat(StickyExecution.enabled(StickyMode.ON, endpoint, stubs, Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aRunGoesOnAfterItsWorkerDiesWhenTheEngineKeepsState() throws Exception {
    boolean sticky = StickyExecution.enabled(StickyMode.AUTO, endpoint, stubs, Duration.ofSeconds(10));
    WorkerFactory first = startWorker(sticky);
    StepWorkflow run = client.newWorkflowStub(StepWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("sticky-" + System.nanoTime()).setTaskQueue(QUEUE).build());
    WorkflowClient.start(run::run);
    assertThat(FIRST_ATTEMPT_STARTED.await(60, TimeUnit.SECONDS)).as("the first worker runs the step").isTrue();

    first.shutdownNow(); // Pitcrew is gone: no more polls on its sticky queue, its step's heartbeats stop
    first.awaitTermination(20, TimeUnit.SECONDS);
    WorkerFactory second = startWorker(sticky);
    try {
      String result = WorkflowStub.fromTyped(run).getResult(90, TimeUnit.SECONDS, String.class);
      assertThat(result).isEqualTo("done by attempt 2");
    } finally {
      second.shutdownNow();
    }
  }

  private WorkerFactory startWorker(boolean sticky) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    TemporalProperties.Worker tuning = new TemporalProperties.Worker(true, 100, 10, Duration.ofSeconds(5), 0, 100,
        0, 0, true, Duration.ofSeconds(5), StickyMode.AUTO);
    var worker = factory.newWorker(QUEUE, WorkerConfiguration.workerOptions(tuning, sticky));
    worker.registerWorkflowImplementationTypes(StepWorkflowImpl.class);
    worker.registerActivitiesImplementations(new StepImpl());
    factory.start();
    return factory;
  }
}
