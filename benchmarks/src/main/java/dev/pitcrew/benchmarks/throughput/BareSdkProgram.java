package dev.pitcrew.benchmarks.throughput;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import dev.pitcrew.benchmarks.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare Temporal SDK program on the same kind of engine Pitcrew's local mode runs: Temporal's Java test server in
 * real time, behind gRPC on the loopback address, with an SDK worker at its defaults.
 */
public final class BareSdkProgram implements AutoCloseable, Workload {
  private static final String TASK_QUEUE = "bare-sdk-baseline";

  private final TestServicesStarter services;
  private final Server server;
  private final WorkflowServiceStubs stubs;
  private final WorkerFactory factory;
  private final WorkflowClient client;
  private final AtomicInteger sequence = new AtomicInteger();

  public BareSdkProgram() {
    int port = FreePorts.next();
    services = new TestServicesStarter(true, 0);
    try {
      NettyServerBuilder builder = NettyServerBuilder.forAddress(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), InsecureServerCredentials.create());
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      server = builder.build().start();
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException(e);
    }
    stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client = WorkflowClient.newInstance(stubs);
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(BareCheckWorkflowImpl.class);
    worker.registerActivitiesImplementations(new BareCheckActivitiesImpl());
    factory.start();
  }

  @Override
  public String name() {
    return "bare SDK";
  }

  @Override
  public CompletableFuture<?> startOne(int holdSeconds) {
    BareCheckWorkflow stub = client.newWorkflowStub(BareCheckWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId("bare-" + sequence.incrementAndGet() + "-" + System.nanoTime()).build());
    WorkflowClient.start(stub::check, holdSeconds);
    return WorkflowStub.fromTyped(stub).getResultAsync(String.class);
  }

  @Override
  public void close() {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    stubs.shutdownNow();
    server.shutdownNow();
    services.close();
  }
}
