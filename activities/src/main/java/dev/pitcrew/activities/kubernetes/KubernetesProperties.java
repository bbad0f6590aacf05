package dev.pitcrew.activities.kubernetes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.kubernetes.*}: where the deployment activities act.
 *
 * @param mode sandbox, kubeconfig or in-cluster; when unset, the {@code PITCREW_KUBERNETES} environment variable,
 *     else sandbox
 * @param kubeconfig kubeconfig mode: the file; default {@code $KUBECONFIG}, else {@code ~/.kube/config}
 * @param context kubeconfig mode: the context; default the file's current context
 */
@Validated
@ConfigurationProperties("pitcrew.kubernetes")
public record KubernetesProperties(
    KubernetesMode mode, String kubeconfig, String context, @DefaultValue Sandbox sandbox) {

  /**
   * @param rolloutDelay how long the simulated rollout controller takes to make a changed Deployment available
   */
  public record Sandbox(@DefaultValue("2s") Duration rolloutDelay) {}
}
