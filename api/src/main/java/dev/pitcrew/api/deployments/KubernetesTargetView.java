package dev.pitcrew.api.deployments;

import dev.pitcrew.activities.kubernetes.KubernetesTarget;
import java.util.Locale;

/**
 * Which Kubernetes this Pitcrew deploys to, in every deployment answer, so nobody mistakes a sandbox run for a real
 * one.
 *
 * @param mode {@code sandbox}, {@code kubeconfig} or {@code in-cluster}
 * @param sandbox true when nothing real is deployed (in-process mock Kubernetes API)
 */
public record KubernetesTargetView(String mode, boolean sandbox, String description) {

  static KubernetesTargetView of(KubernetesTarget target) {
    return new KubernetesTargetView(
        target.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        target.isSandbox(),
        target.isSandbox()
            ? "SANDBOX, nothing real is deployed: " + target.description().replaceFirst("^sandbox: ", "")
            : target.description());
  }
}
