package dev.pitcrew.workflows.deploy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Database test double: remembers what the deployment recorded in its {@code deployments} row. */
public class RecordingDeploymentRecords implements DeploymentRecordActivities {
  private final List<DeploymentRecord> records = new CopyOnWriteArrayList<>();

  @Override
  public void record(DeploymentRecord deployment) {
    records.add(deployment);
  }

  public List<DeploymentRecord> records() {
    return List.copyOf(records);
  }
}
