package dev.pitcrew.activities.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * Whether a Deployment's rollout is complete, judged as {@code kubectl rollout status} does: the controller has
 * observed the latest generation, all replicas are updated and available, and no old replicas are left.
 */
record RolloutState(boolean complete, boolean deadlineExceeded, int availableReplicas, String description) {

  static RolloutState of(Deployment deployment, int replicas) {
    long generation = orZero(deployment.getMetadata().getGeneration());
    DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    long observed = orZero(status.getObservedGeneration());
    int updated = orZero(status.getUpdatedReplicas());
    int available = orZero(status.getAvailableReplicas());
    int total = orZero(status.getReplicas());
    int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    DeploymentCondition progressing =
        status.getConditions() == null
            ? null
            : status.getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst().orElse(null);
    boolean deadlineExceeded =
        progressing != null
            && "False".equals(progressing.getStatus())
            && "ProgressDeadlineExceeded".equals(progressing.getReason());
    boolean complete =
        observed >= generation
            && desired == replicas
            && updated >= replicas
            && available >= replicas
            && total <= updated;
    String description =
        "generation "
            + observed
            + "/"
            + generation
            + " observed, "
            + updated
            + "/"
            + replicas
            + " updated, "
            + available
            + "/"
            + replicas
            + " available, "
            + total
            + " running"
            + (progressing == null ? "" : ", Progressing=" + progressing.getStatus() + " (" + progressing.getReason()
                + ")");
    return new RolloutState(complete, deadlineExceeded, available, description);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
