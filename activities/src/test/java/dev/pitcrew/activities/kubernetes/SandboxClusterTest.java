package dev.pitcrew.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sandbox's simulated rollout controller works from a watch, so an idle sandbox asks its API server nothing. */
class SandboxClusterTest {

  @Test
  void aDeploymentRollsOutAndAnIdleSandboxSendsNoRequests() throws Exception {
    try (SandboxCluster sandbox = SandboxCluster.start(Duration.ofMillis(100))) {
      sandbox.client().apps().deployments().inNamespace("games").resource(new DeploymentBuilder()
          .withNewMetadata().withName("lobby").withNamespace("games").endMetadata()
          .withNewSpec().withReplicas(2).endSpec().build()).create();

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Deployment lobby = null;
      while (System.nanoTime() < deadline && !available(lobby)) {
        Thread.sleep(50);
        lobby = sandbox.client().apps().deployments().inNamespace("games").withName("lobby").get();
      }
      assertThat(available(lobby)).as("rolled out within 30 s").isTrue();

      int before = sandbox.requestCount();
      // Polling every 100 ms would have sent about ten requests in this second.
      Thread.sleep(1_000);
      assertThat(sandbox.requestCount()).as("requests while idle").isEqualTo(before);
    }
  }

  private static boolean available(Deployment deployment) {
    return deployment != null && deployment.getStatus() != null
        && Integer.valueOf(2).equals(deployment.getStatus().getAvailableReplicas());
  }
}
