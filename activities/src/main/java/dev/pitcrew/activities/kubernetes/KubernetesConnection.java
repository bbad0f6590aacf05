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

  private final KubernetesClient client;
  private final KubernetesTarget target;
  private final SandboxCluster sandbox;

  private KubernetesConnection(KubernetesClient client, KubernetesTarget target, SandboxCluster sandbox) {
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
    SandboxCluster sandbox = SandboxCluster.start(properties.sandbox().rolloutDelay());
    KubernetesTarget target = new KubernetesTarget(KubernetesMode.SANDBOX, sandbox.url(),
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
