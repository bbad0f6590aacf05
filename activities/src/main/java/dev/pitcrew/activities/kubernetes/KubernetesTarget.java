package dev.pitcrew.activities.kubernetes;

/**
 * The Kubernetes API this worker deploys to, for the API and console to show (and to label sandbox runs clearly).
 *
 * @param apiServerUrl the API server's URL; in sandbox mode a loopback address of the in-process mock server
 */
public record KubernetesTarget(KubernetesMode mode, String apiServerUrl, String description) {

  public boolean isSandbox() {
    return mode == KubernetesMode.SANDBOX;
  }
}
