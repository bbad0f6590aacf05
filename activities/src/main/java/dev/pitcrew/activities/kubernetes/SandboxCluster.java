package dev.pitcrew.activities.kubernetes;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;

/**
 * The sandbox Kubernetes: fabric8's mock API server in CRUD mode, on loopback inside the worker, plus a simulated
 * rollout controller so Deployments become available as on a real cluster. Real objects are stored and served, but
 * nothing runs: no pods, no traffic.
 */
public final class SandboxCluster implements AutoCloseable {
  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;
  private final SandboxRolloutController rollouts;

  private SandboxCluster(KubernetesMockServer server, NamespacedKubernetesClient client, Duration rolloutDelay) {
    this.server = server;
    this.client = client;
    this.rollouts = new SandboxRolloutController(client, rolloutDelay);
  }

  public static SandboxCluster start(Duration rolloutDelay) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    SandboxCluster sandbox = new SandboxCluster(server, server.createClient(), rolloutDelay);
    sandbox.rollouts.start();
    return sandbox;
  }

  public NamespacedKubernetesClient client() {
    return client;
  }

  public String url() {
    return client.getMasterUrl().toString();
  }

  /** Requests the mock API server has answered so far (a watch counts once, when it opens). */
  int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    rollouts.close();
    client.close();
    server.destroy();
  }
}
