package dev.pitcrew.activities.kubernetes;

import java.util.Locale;

/**
 * Which Kubernetes API the deployment activities talk to. Only {@link #SANDBOX} is safe by default; the others are
 * explicit opt-ins because they change real workloads.
 */
public enum KubernetesMode {
  /** An in-process mock API server with a simulated rollout controller. Nothing leaves the worker. */
  SANDBOX,
  /** The cluster of a kubeconfig file and context, e.g. a developer's or CI's cluster. */
  KUBECONFIG,
  /** The cluster the worker runs in, with its pod's service account. */
  IN_CLUSTER;

  /** Accepts the spellings of {@code PITCREW_KUBERNETES}: {@code sandbox}, {@code kubeconfig}, {@code in-cluster}. */
  public static KubernetesMode parse(String value) {
    String normalised = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (KubernetesMode mode : values()) {
      if (mode.name().equals(normalised)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("Unknown Kubernetes mode '" + value + "': use sandbox, kubeconfig or in-cluster");
  }
}
