package dev.pitcrew.workflows.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double for the runs index: keeps what workflows recorded, in order, for assertions. */
public class RecordingRunIndex implements RunIndexActivities {
  private final List<RunProgress> records = new CopyOnWriteArrayList<>();

  @Override
  public void recordProgress(RunProgress progress) {
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
