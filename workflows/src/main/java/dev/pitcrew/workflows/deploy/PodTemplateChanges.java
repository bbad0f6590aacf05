package dev.pitcrew.workflows.deploy;

import java.util.Map;

/**
 * Changes to the pod template of the serving version, applied on top of it for the new version: a deployment may
 * change the image, these, or both.
 *
 * @param environment container environment variables to add or overwrite on the service's container
 * @param annotations pod annotations to add or overwrite
 */
public record PodTemplateChanges(Map<String, String> environment, Map<String, String> annotations) {
  public PodTemplateChanges {
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public static final PodTemplateChanges NONE = new PodTemplateChanges(Map.of(), Map.of());
}
