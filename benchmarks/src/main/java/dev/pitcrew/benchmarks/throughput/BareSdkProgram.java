package dev.pitcrew.benchmarks.throughput;

import dev.pitcrew.benchmarks.FreePorts;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare Temporal SDK program on the same kind of engine Pitcrew's local mode runs: Temporal's Java test server in
 * real time, in this process, with an SDK worker at its defaults, reached the way Pitcrew's own client reaches its
 * engine. Since 2026-12-01 that is an in-process gRPC channel (an SDK user with the engine in their process would
 * do the same); {@code -Dpitcrew.bench.bareTransport=loopback} gives the program of the figures before that
 * (gRPC over TCP on the loopback address), to compare with a server run with
 * {@code --pitcrew.local.in-process-channel=false}.
 */
public final class BareSdkProgram implements AutoCloseable, Workload {
  private static final String TASK_QUEUE = "bare-sdk-baseline";

  /** How the program's client and worker reach the engine in its process. */
  public enum Transport {
    IN_PROCESS,
    LOOPBACK;

    /** {@code -Dpitcrew.bench.bareTransport}: in-process (the default) or loopback. */
    public static Transport configured() {
      String name = System.getProperty("pitcrew.bench.bareTransport", "in-process");
      return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  private final Transport transport;
  private final TestServicesStarter services;
  private final Server loopbackServer;
  private final InProcessGRPCServer inProcessServer;
  private final WorkflowServiceStubs stubs;
  private final WorkerFactory factory;
  private final WorkflowClient client;
  private final AtomicInteger sequence = new AtomicInteger();

  public BareSdkProgram() {
    this(Transport.configured());
  }

  public BareSdkProgram(Transport transport) {
    this.transport = transport;
    services = new TestServicesStarter(true, 0);
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder();
    if (transport == Transport.IN_PROCESS) {
      loopbackServer = null;
      inProcessServer = new InProcessGRPCServer(services.getServices(), true);
      options.setChannel(inProcessServer.getChannel());
    } else {
      int port = FreePorts.next();
      inProcessServer = null;
      try {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), InsecureServerCredentials.create());
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
        loopbackServer = builder.build().start();
      } catch (IOException e) {
        services.close();
        throw new UncheckedIOException(e);
      }
      options.setTarget("127.0.0.1:" + port);
    }
    stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    client = WorkflowClient.newInstance(stubs);
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(BareCheckWorkflowImpl.class);
    worker.registerActivitiesImplementations(new BareCheckActivitiesImpl());
    factory.start();
  }

  @Override
  public String name() {
    return transport == Transport.IN_PROCESS ? "bare SDK" : "bare SDK (loopback gRPC)";
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
    if (loopbackServer != null) {
      loopbackServer.shutdownNow();
    }
    if (inProcessServer != null) {
      inProcessServer.shutdownNow();
    }
    services.close();
  }
}
