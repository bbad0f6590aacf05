package dev.pitcrew.workflows.deploy;

/**
 * The new version as prepared, and the version serving traffic when it was prepared.
 *
 * @param previousColour null on a service's first deployment: there is nothing to return to
 * @param previousReplicas replicas of the previous version, for rolling back
 */
public record GreenDeployment(
    Colour colour,
    String deploymentName,
    String image,
    Colour previousColour,
    String previousDeploymentName,
    String previousImage,
    int previousReplicas,
    String activeServiceName,
    String previewServiceName) {

  public boolean hasPrevious() {
    return previousColour != null;
  }
}
