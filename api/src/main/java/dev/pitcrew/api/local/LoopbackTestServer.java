package dev.pitcrew.api.local;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
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
 */
final class LoopbackTestServer implements AutoCloseable {
  private final TestServicesStarter services;
  private final Server server;

  private LoopbackTestServer(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  /** @param lockTimeSkipping true keeps real time: timers fire when the clock says so, not instantly */
  static LoopbackTestServer start(int port, boolean lockTimeSkipping) {
    TestServicesStarter services = new TestServicesStarter(lockTimeSkipping, 0);
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), port), InsecureServerCredentials.create());
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      return new LoopbackTestServer(services, builder.build().start());
    } catch (IOException | RuntimeException e) {
      services.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    services.close();
  }
}
