package dev.pitcrew.workflows.deploy;

import io.temporal.workflow.Workflow;

/**
 * The deployment workflow's changes since 0.2.0, each decided once, first thing in a run (see docs/development.md,
 * "Determinism and replay"): a run that began under older code replays its old branch.
 *
 * @param recordsTheDeployment the deployment writes its status (image, colours, traffic, requester, what it waits
 *     for) to the {@code deployments} table at its start, at every phase and at its end, in the background, so the
 *     console's boards read PostgreSQL instead of asking each deployment's workflow
 */
record DeploymentChanges(boolean recordsTheDeployment) {
  static final String RECORD_THE_DEPLOYMENT = "deployment-records-its-status";

  static DeploymentChanges decide() {
    return new DeploymentChanges(Workflow.getVersion(RECORD_THE_DEPLOYMENT, Workflow.DEFAULT_VERSION, 1) >= 1);
  }
}
