package dev.pitcrew.workers.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.NoopScope;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The process's client reaches an engine in its own process over the channel the engine gave it, not a socket. */
class TemporalClientConfigurationTest {

  private static TemporalProperties properties() {
    return new TemporalProperties(null, "default", null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(2),
        TemporalProperties.SearchAttributeMode.AUTO,
        new TemporalProperties.Worker(true, 10, 10, Duration.ofSeconds(5), 0, 100, 0, 0, true,
            Duration.ofSeconds(5), TemporalProperties.StickyMode.AUTO));
  }

  @Test
  void anEngineInThisProcessIsReachedOverItsInProcessChannelWhichOutlivesTheStubs() {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    InProcessGRPCServer engine = new InProcessGRPCServer(services.getServices(), true);
    try {
      // Port 1 would refuse a connection: an answer can only have come through the channel.
      TemporalEndpoint endpoint = new TemporalEndpoint(
          "127.0.0.1:1", "default", "test-server", null, false, false, engine.getChannel());

      WorkflowServiceStubs stubs =
          new TemporalClientConfiguration().workflowServiceStubs(endpoint, properties(), new NoopScope());

      assertThat(stubs.getRawChannel()).isSameAs(engine.getChannel());
      assertThat(stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).hasCapabilities())
          .isTrue();
      stubs.shutdown();
      assertThat(engine.getChannel().isShutdown()).as("the engine's owner closes its channel").isFalse();
    } finally {
      engine.shutdownNow();
      services.close();
    }
  }
}
