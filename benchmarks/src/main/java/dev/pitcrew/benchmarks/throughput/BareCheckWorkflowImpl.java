package dev.pitcrew.benchmarks.throughput;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class BareCheckWorkflowImpl implements BareCheckWorkflow {
  private final BareCheckActivities activities =
      Workflow.newActivityStub(
          BareCheckActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

  @Override
  public String check(int holdSeconds) {
    String probe = activities.probe();
    Workflow.sleep(Duration.ofSeconds(holdSeconds));
    return probe;
  }
}
