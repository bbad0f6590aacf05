package dev.pitcrew.workflows.deploy;

/**
 * The new version to prepare in the idle colour.
 *
 * @param attemptId identifies this deployment attempt; stamped on the Deployment so a retried activity recognises
 *     its own work and a new attempt always replaces an aborted one
 */
public record GreenSpec(
    String service,
    String namespace,
    String image,
    PodTemplateChanges podTemplateChanges,
    int replicas,
    int containerPort,
    int progressDeadlineSeconds,
    String attemptId) {

  public GreenSpec {
    podTemplateChanges = podTemplateChanges == null ? PodTemplateChanges.NONE : podTemplateChanges;
  }
}
