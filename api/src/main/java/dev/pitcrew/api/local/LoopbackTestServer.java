package dev.pitcrew.api.local;

import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java test server listening on 127.0.0.1 only. {@code TestServer.createPortBoundServer} binds every
 * interface, which would let anyone on the network start and signal runs of a laptop's Pitcrew; this builds the
 * same services (its own {@link TestServicesStarter}) on a gRPC server bound to the loopback address.
 *
 * <p>The same services can also be served over grpc-java's in-process transport ({@link #inProcessChannel()}):
 * this process's own client and workers then hand the engine its protobuf messages as objects, without encoding,
 * framing and decoding each one twice through a TCP socket to itself, while the loopback port stays open for the
 * CLI, the benchmark harness and other tools. Temporal's {@link InProcessGRPCServer} (what its
 * {@code TestWorkflowEnvironment} uses) keeps the 4 MB message limit of a network server.
 */
final class LoopbackTestServer implements AutoCloseable {
  private final TestServicesStarter services;
  private final Server server;
  private final InProcessGRPCServer inProcess;

  private LoopbackTestServer(TestServicesStarter services, Server server, InProcessGRPCServer inProcess) {
    this.services = services;
    this.server = server;
    this.inProcess = inProcess;
  }

  /**
   * @param lockTimeSkipping true keeps real time: timers fire when the clock says so, not instantly
   * @param inProcessChannel also serve the engine over an in-process channel for this process's own client
   */
  static LoopbackTestServer start(int port, boolean lockTimeSkipping, boolean inProcessChannel) {
    TestServicesStarter services = new TestServicesStarter(lockTimeSkipping, 0);
    Server server = null;
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), port), InsecureServerCredentials.create());
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      server = builder.build().start();
      InProcessGRPCServer inProcess = inProcessChannel ? new InProcessGRPCServer(services.getServices(), true) : null;
      return new LoopbackTestServer(services, server, inProcess);
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        server.shutdownNow();
      }
      services.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** The in-process channel to the engine, or null when it is served on the loopback port only. */
  ManagedChannel inProcessChannel() {
    return inProcess == null ? null : inProcess.getChannel();
  }

  @Override
  public void close() {
    if (inProcess != null) {
      inProcess.shutdown();
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
      if (inProcess != null && !inProcess.awaitTermination(5, TimeUnit.SECONDS)) {
        inProcess.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      if (inProcess != null) {
        inProcess.shutdownNow();
      }
      Thread.currentThread().interrupt();
    }
    services.close();
  }
}
