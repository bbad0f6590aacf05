package dev.pitcrew.activities.remediation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** A service's pods: those labelled {@code app.kubernetes.io/name=<service>} (Pitcrew's own label), else {@code app=<service>}. */
final class ServicePods {
  static final String APP_LABEL = "app.kubernetes.io/name";
  static final String LEGACY_APP_LABEL = "app";

  private ServicePods() {}

  static List<Pod> of(KubernetesClient client, String namespace, String service) {
    List<Pod> pods = client.pods().inNamespace(namespace).withLabel(APP_LABEL, service).list().getItems();
    return pods.isEmpty()
        ? client.pods().inNamespace(namespace).withLabel(LEGACY_APP_LABEL, service).list().getItems()
        : pods;
  }
}
