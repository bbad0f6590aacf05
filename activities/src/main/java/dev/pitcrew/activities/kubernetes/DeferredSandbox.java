package dev.pitcrew.activities.kubernetes;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox Kubernetes, started when it is first needed rather than while the server starts: its mock API server
 * (fabric8, Vert.x, the CRUD dispatcher's model classes) and its controllers were about a seventh of a warm start's
 * main thread (docs/performance.md "Start-up"). The server starts it in the background once it is ready
 * ({@link KubernetesConfiguration}); a caller that gets there first (a deployment's activity, the simulated
 * Velero) starts it, or waits for the start under way, on its first call through {@link #client()}.
 */
final class DeferredSandbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeferredSandbox.class);

  private final Duration rolloutDelay;
  private final NamespacedKubernetesClient client;
  private final List<Runnable> onStart = new ArrayList<>();
  private SandboxCluster cluster;
  private boolean closed;

  DeferredSandbox(Duration rolloutDelay) {
    this.rolloutDelay = rolloutDelay;
    this.client = (NamespacedKubernetesClient) Proxy.newProxyInstance(
        NamespacedKubernetesClient.class.getClassLoader(), new Class<?>[] {NamespacedKubernetesClient.class},
        (proxy, method, arguments) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == arguments[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "sandbox Kubernetes client (" + (isStarted() ? "started" : "not started yet") + ")";
            };
          }
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            close();
            return null;
          }
          try {
            return method.invoke(cluster().client(), arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** A client of the sandbox's API server; its first call starts the sandbox (or waits for its start). */
  NamespacedKubernetesClient client() {
    return client;
  }

  /** Starts the sandbox unless it runs already; returns once it answers. */
  synchronized SandboxCluster cluster() {
    if (closed) {
      throw new IllegalStateException("The sandbox Kubernetes is closed");
    }
    if (cluster == null) {
      long started = System.nanoTime();
      cluster = SandboxCluster.start(rolloutDelay);
      // Before any caller sees the cluster: what it simulates (Velero's seed and controller) is there on first use.
      onStart.forEach(Runnable::run);
      log.info("[SANDBOX] Mock Kubernetes API server at {} started in {} ms", cluster.url(),
          (System.nanoTime() - started) / 1_000_000);
    }
    return cluster;
  }

  /** Runs {@code start} when the sandbox starts, before its first caller goes on (at once if it runs already). */
  synchronized void whenStarted(Runnable start) {
    onStart.add(start);
    if (cluster != null) {
      start.run();
    }
  }

  synchronized boolean isStarted() {
    return cluster != null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
