package dev.pitcrew.workflows.deploy;

/** Where a blue-green deployment is; {@link #label()} is what the {@code phase} query and the runs index show. */
public enum DeploymentPhase {
  PENDING("Pending"),
  DEPLOYING("Deploying"),
  ANALYSING("Analysing"),
  AWAITING_APPROVAL("AwaitingApproval"),
  PROMOTING("Promoting"),
  PROMOTED("Promoted"),
  ROLLING_BACK("RollingBack"),
  ROLLED_BACK("RolledBack"),
  ABORTED("Aborted"),
  FAILED("Failed");

  private final String label;

  DeploymentPhase(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
