package dev.pitcrew.workflows.selfcheck;

import dev.pitcrew.workflows.chatops.ChatOpsActions;
import dev.pitcrew.workflows.chatops.RunButton;
import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.RunMessage;
import dev.pitcrew.workflows.run.CurrentDetails;
import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTracker;
import dev.pitcrew.workflows.run.SideEffects;
import dev.pitcrew.workflows.run.Waits;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
  private SelfCheckInput input;
  private RunMessage message;
  private final List<String> facts = new ArrayList<>();

  @Override
  public SelfCheckResult check(SelfCheckInput input) {
    // Decided before anything else: runs index and Slack message in the background (never holding a step up).
    SideEffects effects = SideEffects.decide();
    this.input = input;
    tracker = RunTracker.start(RUN_TYPE, RunLabels.NONE, PROBING, effects);
    // Runs asked for in Slack keep one message there current; for other runs this schedules nothing.
    message = RunMessage.open(input.chat(), card("RUNNING"), effects);
    try {
      SelfCheckResult result = tracker.runToCompletion(this::runChecks, SelfCheckWorkflowImpl::summarise);
      message.update(card("COMPLETED"));
      message.detail("Completed: " + summarise(result));
      effects.awaitDelivered();
      return result;
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(() -> message.update(card("CANCELED"))).run();
      effects.awaitDelivered();
      throw cancelled;
    } catch (RuntimeException failure) {
      message.update(card("FAILED"));
      message.detail("Failed at phase " + tracker.phase() + ": " + failure.getMessage());
      effects.awaitDelivered();
      throw failure;
    }
  }

  private SelfCheckResult runChecks() {
    ProbeReport probe = activities.probe();
    facts.add("Worker " + probe.workerIdentity() + " reached " + probe.databaseVersion());

    if (input.holdSeconds() > 0) {
      enter(HOLDING);
      Duration hold = Duration.ofSeconds(input.holdSeconds());
      Workflow.newTimer(hold, TimerOptions.newBuilder().setSummary("hold until " + Waits.after(hold)).build()).get();
    }

    if (input.awaitConfirmation()) {
      enter(AWAITING_CONFIRMATION);
      Duration timeout = Duration.ofSeconds(input.confirmationTimeoutSeconds());
      String until = Waits.after(timeout);
      CurrentDetails.show(AWAITING_CONFIRMATION, "a confirm signal, times out " + until);
      if (!Waits.await(timeout, "wait for confirmation, times out " + until, () -> confirmation != null)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "No confirmation within " + timeout.toSeconds() + "s", "ConfirmationTimedOut");
      }
      facts.add("Confirmed by " + confirmation.by());
      message.detail("Confirmed by " + confirmation.by()
          + (confirmation.note() == null || confirmation.note().isBlank() ? "" : ": " + confirmation.note()));
    }
    return new SelfCheckResult(input.label(), probe, input.holdSeconds(), confirmation);
  }

  private void enter(String phase) {
    tracker.enter(phase);
    message.update(card("RUNNING"));
  }

  /** The run's Slack message: a Confirm button only while the run waits for it. */
  private RunCard card(String status) {
    boolean waiting = "RUNNING".equals(status) && AWAITING_CONFIRMATION.equals(tracker.phase());
    List<RunButton> buttons =
        waiting
            ? List.of(new RunButton(
                ChatOpsActions.SELF_CHECK_CONFIRM, "Confirm", Workflow.getInfo().getWorkflowId(), "primary"))
            : List.of();
    return new RunCard(
        "Self-check \u201c" + input.label() + "\u201d",
        Workflow.getInfo().getWorkflowId(),
        status,
        tracker.phase(),
        input.chat(),
        facts,
        buttons);
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
