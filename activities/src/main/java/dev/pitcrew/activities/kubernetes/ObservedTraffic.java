package dev.pitcrew.activities.kubernetes;

import dev.pitcrew.workflows.deploy.Colour;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.stereotype.Component;

/**
 * Which colour has traffic right now, read from the service's active Service: what the recovery of a deployment lost
 * with its Temporal engine tells people about the cluster. Only reads; never throws.
 */
@Component
public class ObservedTraffic {
  private final KubernetesClient client;
  private final KubernetesTarget target;

  public ObservedTraffic(KubernetesClient client, KubernetesTarget target) {
    this.client = client;
    this.target = target;
  }

  /** One sentence on where {@code service}'s traffic goes in {@code namespace}, or why that could not be read. */
  public String describe(String namespace, String service) {
    String name = BlueGreenObjects.activeService(service);
    try {
      Service active = client.services().inNamespace(namespace).withName(name).get();
      if (active == null) {
        return "Service " + namespace + "/" + name + " does not exist";
      }
      Colour colour = BlueGreenObjects.colourIn(active.getSpec().getSelector());
      return "Service " + namespace + "/" + name + " sends traffic to "
          + (colour == null ? "no Pitcrew colour" : colour.label());
    } catch (RuntimeException e) {
      return "the cluster (" + target.description() + ") could not be read: " + e.getMessage();
    }
  }
}
