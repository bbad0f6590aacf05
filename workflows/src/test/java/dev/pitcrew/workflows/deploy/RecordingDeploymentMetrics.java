package dev.pitcrew.workflows.deploy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public class RecordingDeploymentMetrics implements DeploymentMetricsActivities {
  private final List<DeploymentOutcome> outcomes = new CopyOnWriteArrayList<>();

  @Override
  public void recordOutcome(DeploymentOutcome outcome) {
    outcomes.add(outcome);
  }

  List<DeploymentOutcome> outcomes() {
    return List.copyOf(outcomes);
  }
}
