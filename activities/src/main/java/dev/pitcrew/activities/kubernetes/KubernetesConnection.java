package dev.pitcrew.activities.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client for the configured Kubernetes target, and the sandbox behind it when there is one. */
public final class KubernetesConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubernetesConnection.class);
  /** The sandbox's API server listens on a loopback port of its own, known once it has started (and logged then). */
  static final String SANDBOX_URL = "in-process, on loopback once started";

  private final KubernetesClient client;
  private final KubernetesTarget target;
  private final DeferredSandbox sandbox;

  private KubernetesConnection(KubernetesClient client, KubernetesTarget target, DeferredSandbox sandbox) {
    this.client = client;
    this.target = target;
    this.sandbox = sandbox;
  }

  public static KubernetesConnection open(KubernetesMode mode, KubernetesProperties properties) {
    KubernetesConnection connection = switch (mode) {
      case SANDBOX -> sandbox(properties);
      case KUBECONFIG -> kubeconfig(properties);
      case IN_CLUSTER -> inCluster();
    };
    if (connection.target.isSandbox()) {
      log.warn("Kubernetes target: SANDBOX ({}). Deployments go to an in-process mock API server; no real cluster "
          + "is touched. Set PITCREW_KUBERNETES=kubeconfig or in-cluster to deploy for real.",
          connection.target.apiServerUrl());
    } else {
      log.warn("Kubernetes target: {} at {}. Deployments change real workloads.",
          connection.target.mode(), connection.target.apiServerUrl());
    }
    return connection;
  }

  private static KubernetesConnection sandbox(KubernetesProperties properties) {
    DeferredSandbox sandbox = new DeferredSandbox(properties.sandbox().rolloutDelay());
    KubernetesTarget target = new KubernetesTarget(KubernetesMode.SANDBOX, SANDBOX_URL,
        "sandbox: in-process mock Kubernetes API, rollouts simulated after " + properties.sandbox().rolloutDelay());
    return new KubernetesConnection(sandbox.client(), target, sandbox);
  }

  private static KubernetesConnection kubeconfig(KubernetesProperties properties) {
    File file = kubeconfigFile(properties);
    if (!file.isFile()) {
      throw new IllegalStateException("Kubernetes mode kubeconfig, but " + file + " does not exist");
    }
    Config config = Config.fromKubeconfig(properties.context(), file);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    String context = config.getCurrentContext() == null ? "current context" : config.getCurrentContext().getName();
    return new KubernetesConnection(client,
        new KubernetesTarget(KubernetesMode.KUBECONFIG, config.getMasterUrl(), "kubeconfig " + file + " (" + context + ")"),
        null);
  }

  private static KubernetesConnection inCluster() {
    if (System.getenv("KUBERNETES_SERVICE_HOST") == null) {
      throw new IllegalStateException(
          "Kubernetes mode in-cluster, but this process is not running in a Kubernetes pod (no KUBERNETES_SERVICE_HOST)");
    }
    // Never fall back to a kubeconfig that happens to be on the image: in-cluster means the pod's service account.
    System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
    Config config = Config.autoConfigure(null);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return new KubernetesConnection(client,
        new KubernetesTarget(KubernetesMode.IN_CLUSTER, config.getMasterUrl(), "in-cluster service account"), null);
  }

  private static File kubeconfigFile(KubernetesProperties properties) {
    if (properties.kubeconfig() != null && !properties.kubeconfig().isBlank()) {
      return new File(properties.kubeconfig());
    }
    String fromEnvironment = System.getenv("KUBECONFIG");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return new File(fromEnvironment.split(File.pathSeparator)[0]);
    }
    return Path.of(System.getProperty("user.home"), ".kube", "config").toFile();
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * Starts the sandbox's API server and controllers if this connection has a sandbox that has not started yet,
   * and returns once it answers; nothing for a real cluster. The server calls it once it is ready (in the
   * background), so a start does not pay for a sandbox that its first request does not need.
   */
  public void startSandbox() {
    if (sandbox != null) {
      sandbox.cluster();
    }
  }

  /**
   * Runs {@code start} when this connection's sandbox starts, before its first caller goes on (a simulated
   * controller, e.g. Velero's, is then there whoever comes first); never for a real cluster.
   */
  public void whenSandboxStarts(Runnable start) {
    if (sandbox != null) {
      sandbox.whenStarted(start);
    }
  }

  public KubernetesTarget target() {
    return target;
  }

  @Override
  public void close() {
    if (sandbox != null) {
      sandbox.close();
    } else {
      client.close();
    }
  }
}
