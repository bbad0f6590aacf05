package dev.pitcrew.workflows.run;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double for the runs index: keeps what workflows recorded, in order, for assertions. */
public class RecordingRunIndex implements RunIndexActivities {
  private final List<RunProgress> records = new CopyOnWriteArrayList<>();
  private volatile boolean down;

  /** While down, every write fails as it would with PostgreSQL unreachable (and is retried by Temporal). */
  public void down(boolean down) {
    this.down = down;
  }

  @Override
  public void recordProgress(RunProgress progress) {
    if (down) {
      throw ApplicationFailure.newFailure("PostgreSQL is unreachable", "DatabaseDown");
    }
    records.add(progress);
  }

  public List<RunProgress> records() {
    return List.copyOf(records);
  }

  public List<String> phasesOf(String workflowId) {
    return records.stream().filter(r -> r.workflowId().equals(workflowId)).map(RunProgress::phase).toList();
  }

  public RunProgress lastOf(String workflowId) {
    return records.stream().filter(r -> r.workflowId().equals(workflowId)).reduce((a, b) -> b).orElseThrow();
  }
}
