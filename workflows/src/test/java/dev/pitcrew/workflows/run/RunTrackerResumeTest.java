package dev.pitcrew.workflows.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunTrackerResumeTest {

  @WorkflowInterface
  public interface TwoRunWorkflow {
    @WorkflowMethod
    String run(RunTrackerCheckpoint carried);
  }

  /** Tracks two phases, continues as new, and finishes in the second run. */
  public static class TwoRunWorkflowImpl implements TwoRunWorkflow {
    @Override
    public String run(RunTrackerCheckpoint carried) {
      if (carried == null) {
        RunTracker tracker = RunTracker.start("two-run", new RunLabels("payments", null, "SEV3"), "First");
        tracker.enter("Second");
        Workflow.sleep(Duration.ofMinutes(5));
        Workflow.continueAsNew(tracker.checkpoint());
        return "unreachable";
      }
      RunTracker tracker = RunTracker.resume(carried);
      return tracker.runToCompletion(() -> {
        tracker.relabel(new RunLabels("payments", null, "SEV1"));
        tracker.enter("Third");
        return "done";
      }, result -> result);
    }
  }

  private TestWorkflowEnvironment env;
  private RecordingRunIndex index;

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.OPERATIONS);
    worker.registerWorkflowImplementationTypes(TwoRunWorkflowImpl.class);
    index = new RecordingRunIndex();
    worker.registerActivitiesImplementations(index);
    env.start();
  }

  @AfterEach
  void stopEnvironment() {
    env.close();
  }

  @Test
  void resumedTrackerContinuesTheSequenceAndKeepsTheFirstStartTime() {
    TwoRunWorkflow run = env.getWorkflowClient().newWorkflowStub(TwoRunWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId("two-run").setTaskQueue(TaskQueues.OPERATIONS).build());

    assertThat(run.run(null)).isEqualTo("done");

    List<RunProgress> records = index.records();
    assertThat(records).extracting(RunProgress::phase).containsExactly("First", "Second", "Third", "Completed");
    assertThat(records).extracting(RunProgress::sequence).containsExactly(1, 2, 3, 4);
    assertThat(records).extracting(RunProgress::startedAtMillis).containsOnly(records.getFirst().startedAtMillis());
    assertThat(records.getLast().startedAtMillis())
        .as("the second run started five minutes later, yet the run list keeps the first start")
        .isLessThanOrEqualTo(records.getLast().recordedAtMillis() - Duration.ofMinutes(5).toMillis());
    assertThat(records).extracting(r -> r.labels().severity()).containsExactly("SEV3", "SEV3", "SEV1", "SEV1");
  }
}
