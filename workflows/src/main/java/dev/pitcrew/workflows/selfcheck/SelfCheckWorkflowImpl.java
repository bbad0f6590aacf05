package dev.pitcrew.workflows.selfcheck;

import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTracker;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class SelfCheckWorkflowImpl implements SelfCheckWorkflow {
  static final String PROBING = "Probing";
  static final String HOLDING = "Holding";
  static final String AWAITING_CONFIRMATION = "AwaitingConfirmation";

  private final SelfCheckActivities activities =
      Workflow.newActivityStub(
          SelfCheckActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());

  private RunTracker tracker;
  private Confirmation confirmation;

  @Override
  public SelfCheckResult check(SelfCheckInput input) {
    tracker = RunTracker.start(RUN_TYPE, RunLabels.NONE, PROBING);
    return tracker.runToCompletion(() -> runChecks(input), SelfCheckWorkflowImpl::summarise);
  }

  private SelfCheckResult runChecks(SelfCheckInput input) {
    ProbeReport probe = activities.probe();

    if (input.holdSeconds() > 0) {
      tracker.enter(HOLDING);
      Workflow.sleep(Duration.ofSeconds(input.holdSeconds()));
    }

    if (input.awaitConfirmation()) {
      tracker.enter(AWAITING_CONFIRMATION);
      Duration timeout = Duration.ofSeconds(input.confirmationTimeoutSeconds());
      if (!Workflow.await(timeout, () -> confirmation != null)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "No confirmation within " + timeout.toSeconds() + "s", "ConfirmationTimedOut");
      }
    }
    return new SelfCheckResult(input.label(), probe, input.holdSeconds(), confirmation);
  }

  private static String summarise(SelfCheckResult result) {
    String confirmed = result.confirmation() == null ? "" : ", confirmed by " + result.confirmation().by();
    return "Worker " + result.probe().workerIdentity() + " reached " + result.probe().databaseVersion() + confirmed;
  }

  @Override
  public void confirm(Confirmation confirmation) {
    if (this.confirmation == null) {
      this.confirmation = confirmation;
    }
  }

  @Override
  public String phase() {
    return tracker == null ? PROBING : tracker.phase();
  }
}
