package dev.pitcrew.workflows.deploy;

import static dev.pitcrew.workflows.deploy.DeploymentPhase.ABORTED;
import static dev.pitcrew.workflows.deploy.DeploymentPhase.ANALYSING;
import static dev.pitcrew.workflows.deploy.DeploymentPhase.AWAITING_APPROVAL;
import static dev.pitcrew.workflows.deploy.DeploymentPhase.DEPLOYING;
import static dev.pitcrew.workflows.deploy.DeploymentPhase.FAILED;
import static dev.pitcrew.workflows.deploy.DeploymentPhase.PENDING;
import static dev.pitcrew.workflows.deploy.DeploymentPhase.PROMOTED;
import static dev.pitcrew.workflows.deploy.DeploymentPhase.PROMOTING;
import static dev.pitcrew.workflows.deploy.DeploymentPhase.ROLLED_BACK;
import static dev.pitcrew.workflows.deploy.DeploymentPhase.ROLLING_BACK;

import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.RunMessage;
import dev.pitcrew.workflows.run.CurrentDetails;
import dev.pitcrew.workflows.run.Refusal;
import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTracker;
import dev.pitcrew.workflows.run.SideEffects;
import dev.pitcrew.workflows.run.Waits;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class BlueGreenDeploymentWorkflowImpl implements BlueGreenDeploymentWorkflow {
  static final String INVALID_REQUEST = "InvalidDeploymentRequest";
  static final String NO_PREVIOUS_VERSION = "NoPreviousVersion";

  private static final ActivityOptions KUBERNETES_CALL =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(10)
                  .setDoNotRetry(KubernetesRolloutActivities.UNMANAGEABLE)
                  .build())
          .build();
  private static final ActivityOptions MEASUREMENT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();
  private static final ActivityOptions METRICS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  // Pitcrew's own record: one short local attempt, then durable retries for up to a day (the side-effect policy).
  private static final LocalActivityOptions RECORD_LOCALLY = LocalActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(2))
      .setScheduleToCloseTimeout(Duration.ofSeconds(3))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build();
  private static final ActivityOptions RECORD_IN_BACKGROUND = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(10))
      .setScheduleToCloseTimeout(Duration.ofDays(1))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
      .build();

  private final AnalysisActivities analysis = Workflow.newActivityStub(AnalysisActivities.class, MEASUREMENT);
  private final DeploymentMetricsActivities metrics =
      Workflow.newActivityStub(DeploymentMetricsActivities.class, METRICS);
  private final DeploymentRecordActivities recordsLocally =
      Workflow.newLocalActivityStub(DeploymentRecordActivities.class, RECORD_LOCALLY);
  private final DeploymentRecordActivities recordsInBackground =
      Workflow.newActivityStub(DeploymentRecordActivities.class, RECORD_IN_BACKGROUND);
  private final ApprovalGate gate = new ApprovalGate();
  private final List<AnalysisExecution> analyses = new ArrayList<>();

  private DeploymentRequest request;
  private EffectiveStrategy strategy;
  private SideEffects effects;
  private DeploymentChanges changes;
  private int recordSequence;
  private RunTracker tracker;
  private RunMessage message;
  private int decisionsPosted;
  private DeploymentPhase phase = PENDING;
  private long startedAtMillis;
  private GreenDeployment green;
  private Colour trafficOn;
  private long switchedAtMillis;
  private Long cutoverSwitchMillis;
  private Long rollbackSwitchMillis;
  private String rollbackTrigger;
  private String outcome;

  /** The current attempt to deploy and promote; operator abort and rollback cancel it. */
  private CancellationScope attempt;
  /** Why the deployment left the happy path; the first reason wins. */
  private Stop stop;
  private boolean rollbackWindowOpen;
  /** Set once the deployment is wrapping up; from then on abort and rollback are ignored. */
  private boolean finishing;

  /** Why a deployment stops short of completing its promotion. */
  private record Stop(boolean rollBack, String trigger, String reason) {}

  /** Thrown inside the attempt when the deployment decides by itself to stop. */
  private static final class Stopped extends RuntimeException {
    private final Stop stop;

    Stopped(Stop stop) {
      super(stop.reason(), null, false, false);
      this.stop = stop;
    }
  }

  @Override
  public DeploymentStatus deploy(DeploymentRequest request) {
    // Decided before anything else: the runs index and the Slack message never hold a phase up.
    effects = SideEffects.decide();
    changes = DeploymentChanges.decide();
    this.request = request;
    this.startedAtMillis = Workflow.currentTimeMillis();
    this.strategy = request.strategy().resolve(request.targetsProduction(), request.replicas());
    gate.configure(request.requestedBy(), strategy.forbidSelfApproval());
    tracker =
        RunTracker.start(
            RUN_TYPE, new RunLabels(request.service(), request.environment(), null), PENDING.label(), effects);
    // Deployments asked for in Slack keep one message there current; for the others this schedules nothing.
    message = RunMessage.open(request.chat(), card("RUNNING"), effects);
    recordTheDeployment();
    try {
      DeploymentStatus result = tracker.runToCompletion(this::runbook, DeploymentStatus::summary);
      postNewDecisions();
      recordTheDeployment();
      message.update(card("COMPLETED"));
      message.detail(result.phase() + ": " + result.outcome());
      effects.awaitDelivered();
      return result;
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(() -> {
        recordTheDeployment();
        message.update(card("CANCELED"));
      }).run();
      effects.awaitDelivered();
      throw cancelled;
    } catch (RuntimeException failure) {
      postNewDecisions();
      recordTheDeployment();
      message.update(card("FAILED"));
      message.detail("Failed: " + (outcome == null ? failure.getMessage() : outcome));
      effects.awaitDelivered();
      throw failure;
    }
  }

  /**
   * Queues a write of the deployment's status to PostgreSQL; the status is taken when the write runs, so one
   * queued behind an outage writes the newest state. Never holds a phase up.
   */
  private void recordTheDeployment() {
    if (changes.recordsTheDeployment()) {
      effects.write("PostgreSQL", "record the deployment", () -> recordsLocally.record(snapshot()),
          () -> recordsInBackground.record(snapshot()));
    }
  }

  private DeploymentRecord snapshot() {
    return new DeploymentRecord(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getFirstExecutionRunId(),
        ++recordSequence, Workflow.currentTimeMillis(), status());
  }

  private RunCard card(String runStatus) {
    return DeploymentCard.of(Workflow.getInfo().getWorkflowId(), runStatus, status(), request.chat());
  }

  /** Every operator signal goes into the message's thread, accepted or not, so the channel sees the audit trail. */
  private void postNewDecisions() {
    List<DecisionRecord> decisions = gate.decisions();
    for (; decisionsPosted < decisions.size(); decisionsPosted++) {
      DecisionRecord decision = decisions.get(decisionsPosted);
      String reason =
          decision.reason() == null || decision.reason().isBlank() ? "" : " (reason: " + decision.reason() + ")";
      message.detail(
          decision.kind() + " by " + decision.by() + (decision.accepted() ? " accepted" : " ignored")
              + (decision.note() == null ? "" : ": " + decision.note()) + reason);
    }
  }

  private DeploymentStatus runbook() {
    try {
      List<String> problems = request.problems();
      if (!problems.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Invalid deployment request: " + String.join("; ", problems), INVALID_REQUEST);
      }
      attempt = Workflow.newCancellationScope(this::attemptDeployment);
      if (stop == null) {
        attempt.run();
      }
      finishing = true;
      if (stop == null) {
        return completePromotion();
      }
      return stop.rollBack() ? rollBack() : abortDeployment();
    } catch (TemporalFailure failure) {
      if (CancellationScope.current().isCancelRequested()) {
        // The run itself was cancelled: leave the service as an abort would, then let Temporal record the cancel.
        finishing = true;
        Workflow.newDetachedCancellationScope(() -> returnTrafficAndScaleDown("cancel", Duration.ZERO)).run();
        throw failure instanceof CanceledFailure cancelled ? cancelled : new CanceledFailure("Deployment cancelled");
      }
      throw fail(failure);
    }
  }

  /** The runbook of a deployment that goes to plan; any step may throw {@link Stopped} to leave it. */
  private void attemptDeployment() {
    try {
      deployNewVersion();
      analyseBeforePromotion();
      awaitPromotionDecision();
      promote();
      analyseAfterPromotion();
      keepPreviousVersionWarmForRollback();
    } catch (Stopped stopped) {
      if (stop == null) {
        stop = stopped.stop;
      }
    } catch (TemporalFailure failure) {
      // An operator's abort or rollback cancels this scope; whatever was running then ends with a cancellation.
      if (stop == null || !Cancellations.isCancellation(failure)) {
        throw failure;
      }
    }
  }

  private void deployNewVersion() {
    enter(DEPLOYING);
    // Stamped on the new version's Deployment: a retry after an abort is a new run, so it always replaces the
    // aborted attempt's pods instead of inheriting their state.
    String attemptId = Workflow.getInfo().getWorkflowId() + "/" + Workflow.getInfo().getRunId();
    green =
        uninterruptible(
            () ->
                kubernetes("deploy " + request.image() + " beside the serving version").prepareGreen(
                    new GreenSpec(
                        request.service(),
                        request.environment(),
                        request.image(),
                        request.podTemplateChanges(),
                        strategy.previewReplicaCount(),
                        request.containerPort(),
                        strategy.progressDeadlineSeconds(),
                        attemptId)));
    if (trafficOn == null) {
      trafficOn = green.previousColour();
    }
    waitUntilAvailable(strategy.previewReplicaCount(), attemptId);
  }

  private void analyseBeforePromotion() {
    if (strategy.prePromotionAnalysis().isEmpty()) {
      return;
    }
    enter(ANALYSING);
    MeasurementPhase verdict = analyse(AnalysisStage.PRE_PROMOTION, green.previewServiceName());
    if (verdict == MeasurementPhase.FAILED) {
      throw abortBecause("analysis", "Pre-promotion analysis failed");
    }
    if (verdict == MeasurementPhase.INCONCLUSIVE) {
      enter(AWAITING_APPROVAL);
      ApprovalGate.Verdict decision =
          gate.ask("Pre-promotion analysis was inconclusive: approve to continue, reject to abort", approvalTimeout());
      if (decision != ApprovalGate.Verdict.APPROVED) {
        throw abortBecause("analysis", "Pre-promotion analysis was inconclusive and " + describe(decision));
      }
    }
  }

  private void awaitPromotionDecision() {
    if (strategy.autoPromotionEnabled() && strategy.autoPromotionSeconds() == 0) {
      return;
    }
    enter(AWAITING_APPROVAL);
    if (strategy.autoPromotionEnabled()) {
      Duration pause = Duration.ofSeconds(strategy.autoPromotionSeconds());
      ApprovalGate.Verdict decision =
          gate.ask("Promotion: automatic after " + pause.toSeconds() + "s unless rejected", pause);
      if (decision == ApprovalGate.Verdict.REJECTED) {
        throw abortBecause("rejected", "Promotion " + describe(decision));
      }
      return;
    }
    ApprovalGate.Verdict decision = gate.ask("Promotion: approve to switch traffic, reject to abort", approvalTimeout());
    if (decision != ApprovalGate.Verdict.APPROVED) {
      throw abortBecause(decision == ApprovalGate.Verdict.REJECTED ? "rejected" : "approval-timeout",
          "Promotion " + describe(decision));
    }
  }

  private void promote() {
    enter(PROMOTING);
    if (strategy.previewReplicaCount() < request.replicas()) {
      uninterruptible(() -> scale(green.deploymentName(), request.replicas()));
      waitUntilAvailable(request.replicas(), attemptIdOfThisRun());
    }
    runPreCutoverHook();
    TrafficSwitch cutover = uninterruptible(() -> pointActiveServiceAt(green.colour()));
    trafficOn = green.colour();
    switchedAtMillis = Workflow.currentTimeMillis();
    cutoverSwitchMillis = cutover.switchMillis();
    rollbackWindowOpen = green.hasPrevious();
    enter(PROMOTED);
  }

  private void analyseAfterPromotion() {
    if (strategy.postPromotionAnalysis().isEmpty()) {
      return;
    }
    enter(ANALYSING);
    MeasurementPhase verdict = analyse(AnalysisStage.POST_PROMOTION, green.activeServiceName());
    if (verdict == MeasurementPhase.INCONCLUSIVE) {
      enter(AWAITING_APPROVAL);
      ApprovalGate.Verdict decision =
          gate.ask(
              "Post-promotion analysis was inconclusive: approve to keep the new version, reject to roll back",
              approvalTimeout());
      if (decision != ApprovalGate.Verdict.APPROVED) {
        throw rollBackBecause("analysis", "Post-promotion analysis was inconclusive and " + describe(decision));
      }
    } else if (verdict == MeasurementPhase.FAILED && !green.hasPrevious()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Post-promotion analysis failed and this first deployment has no previous version to return to",
          NO_PREVIOUS_VERSION);
    } else if (verdict == MeasurementPhase.FAILED) {
      throw rollBackBecause("analysis", "Post-promotion analysis failed");
    }
    enter(PROMOTED);
  }

  private void keepPreviousVersionWarmForRollback() {
    if (!green.hasPrevious()) {
      return;
    }
    long warmSeconds = Math.max(strategy.scaleDownDelaySeconds(), strategy.rollbackWindowSeconds());
    long remaining = switchedAtMillis + warmSeconds * 1000 - Workflow.currentTimeMillis();
    if (remaining > 0) {
      Duration warm = Duration.ofMillis(remaining);
      CurrentDetails.show(phase.label(), "rollback window; the previous version scales down at " + Waits.after(warm));
      Workflow.newTimer(warm, TimerOptions.newBuilder()
          .setSummary("rollback window, previous version warm until " + Waits.after(warm)).build()).get();
    }
  }

  private DeploymentStatus completePromotion() {
    rollbackWindowOpen = false;
    if (green.hasPrevious()) {
      scale(green.previousDeploymentName(), 0);
    }
    outcome = "Promoted " + green.image() + " (" + green.colour().label() + ")" + switchDescription();
    recordOutcome(PROMOTED);
    return status();
  }

  private DeploymentStatus rollBack() {
    outcome = stop.reason();
    enter(ROLLING_BACK);
    returnTrafficToPreviousVersion(stop.trigger());
    enter(ROLLED_BACK);
    scaleDownNewVersionAfter(Duration.ofSeconds(strategy.abortScaleDownDelaySeconds()));
    recordOutcome(ROLLED_BACK);
    return status();
  }

  private DeploymentStatus abortDeployment() {
    outcome = stop.reason();
    enter(ABORTED);
    returnTrafficAndScaleDown("abort", Duration.ofSeconds(strategy.abortScaleDownDelaySeconds()));
    recordOutcome(ABORTED);
    return status();
  }

  /** Best effort to leave the service as an abort would, then the original failure is reported. */
  private TemporalFailure fail(TemporalFailure failure) {
    finishing = true;
    phase = FAILED;
    outcome = Cancellations.rootMessage(failure);
    try {
      returnTrafficAndScaleDown("failure", Duration.ZERO);
    } catch (TemporalFailure cleanupFailure) {
      addToOutcome("clean-up also failed: " + Cancellations.rootMessage(cleanupFailure));
    }
    try {
      recordOutcome(FAILED);
    } catch (TemporalFailure ignored) {
      // Metrics must never hide why the deployment failed.
    }
    return failure;
  }

  private void returnTrafficAndScaleDown(String trigger, Duration delay) {
    returnTrafficToPreviousVersion(trigger);
    scaleDownNewVersionAfter(delay);
  }

  private void returnTrafficToPreviousVersion(String trigger) {
    if (green == null || trafficOn != green.colour()) {
      return;
    }
    if (!green.hasPrevious()) {
      addToOutcome("traffic stays on the new version: this was the service's first deployment");
      return;
    }
    TrafficSwitch back = pointActiveServiceAt(green.previousColour());
    trafficOn = green.previousColour();
    rollbackSwitchMillis = back.switchMillis();
    rollbackTrigger = trigger;
  }

  private void addToOutcome(String note) {
    outcome = outcome == null ? note : outcome + "; " + note;
  }

  private void scaleDownNewVersionAfter(Duration delay) {
    if (green == null || trafficOn == green.colour()) {
      return;
    }
    if (!delay.isZero()) {
      Workflow.newTimer(delay, TimerOptions.newBuilder()
          .setSummary("scale the new version down at " + Waits.after(delay)).build()).get();
    }
    scale(green.deploymentName(), 0);
  }

  private void runPreCutoverHook() {
    PreCutoverHook hook = strategy.preCutoverHook();
    if (hook == null) {
      return;
    }
    ActivityOptions options =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(hook.effectiveTimeoutSeconds()))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(hook.effectiveMaximumAttempts()).build())
            .build();
    try {
      Workflow.newUntypedActivityStub(options)
          .execute(
              hook.activityType(),
              Object.class,
              new PreCutoverContext(
                  request.service(), request.environment(), green.image(), green.previousImage(), hook.arguments()));
    } catch (ActivityFailure failure) {
      if (Cancellations.isCancellation(failure)) {
        throw failure;
      }
      throw abortBecause(
          "hook", "Pre-cutover hook " + hook.activityType() + " failed: " + Cancellations.rootMessage(failure));
    }
  }

  private void waitUntilAvailable(int replicas, String attemptId) {
    KubernetesRolloutActivities waiter =
        Workflow.newActivityStub(
            KubernetesRolloutActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(strategy.progressDeadlineSeconds() + 60L))
                .setSummary("wait for " + replicas + " ready replicas of " + green.deploymentName())
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setMaximumAttempts(5)
                        .setDoNotRetry(
                            KubernetesRolloutActivities.PROGRESS_DEADLINE_EXCEEDED,
                            KubernetesRolloutActivities.UNMANAGEABLE)
                        .build())
                .build());
    try {
      waiter.awaitReady(
          new ReadinessCheck(
              request.environment(),
              green.deploymentName(),
              replicas,
              attemptId,
              strategy.progressDeadlineSeconds()));
    } catch (ActivityFailure failure) {
      if (Cancellations.isCancellation(failure)) {
        throw failure;
      }
      boolean deadline =
          failure.getCause() instanceof TimeoutFailure
              || failure.getCause() instanceof ApplicationFailure app
                  && KubernetesRolloutActivities.PROGRESS_DEADLINE_EXCEEDED.equals(app.getType());
      if (!deadline) {
        throw failure;
      }
      throw abortBecause(
          "progress-deadline",
          "The new version did not become available within "
              + strategy.progressDeadlineSeconds()
              + "s: "
              + Cancellations.rootMessage(failure));
    }
  }

  private MeasurementPhase analyse(AnalysisStage stage, String kubernetesService) {
    AnalysisSpec spec =
        stage == AnalysisStage.PRE_PROMOTION ? strategy.prePromotionAnalysis() : strategy.postPromotionAnalysis();
    AnalysisExecution execution =
        new AnalysisExecution(
            stage,
            spec,
            new MeasurementTarget(request.service(), request.environment(), kubernetesService, green.colour()),
            analysis);
    analyses.add(execution);
    return execution.run();
  }

  private TrafficSwitch pointActiveServiceAt(Colour colour) {
    return kubernetes("switch traffic to " + colour).pointServiceAt(
        new ServiceSelection(
            request.environment(), green.activeServiceName(), request.service(), colour, request.containerPort()));
  }

  private Void scale(String deploymentName, int replicas) {
    kubernetes("scale " + deploymentName + " to " + replicas).scale(
        new ScaleRequest(request.environment(), deploymentName, replicas));
    return null;
  }

  private void recordOutcome(DeploymentPhase finalPhase) {
    phase = finalPhase;
    metrics.recordOutcome(
        new DeploymentOutcome(
            request.service(),
            request.environment(),
            finalPhase.label(),
            Workflow.currentTimeMillis() - startedAtMillis,
            cutoverSwitchMillis,
            rollbackSwitchMillis,
            rollbackTrigger));
  }

  private void enter(DeploymentPhase next) {
    phase = next;
    tracker.enter(next.label());
    recordTheDeployment();
    postNewDecisions();
    message.update(card("RUNNING"));
  }

  /** A Kubernetes call whose activity reads as {@code summary} in the Temporal UI. */
  private static KubernetesRolloutActivities kubernetes(String summary) {
    return Workflow.newActivityStub(KubernetesRolloutActivities.class,
        ActivityOptions.newBuilder(KUBERNETES_CALL).setSummary(summary).build());
  }

  /** Runs a short mutation to completion even if an abort arrives meanwhile, so the clean-up knows its result. */
  private static <T> T uninterruptible(Functions.Func<T> step) {
    List<T> result = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> result.add(step.apply())).run();
    return result.get(0);
  }

  private Duration approvalTimeout() {
    return Duration.ofSeconds(strategy.approvalTimeoutSeconds());
  }

  private String attemptIdOfThisRun() {
    return Workflow.getInfo().getWorkflowId() + "/" + Workflow.getInfo().getRunId();
  }

  private String describe(ApprovalGate.Verdict verdict) {
    return switch (verdict) {
      case APPROVED -> "approved by " + gate.acceptedApproval().by();
      case REJECTED ->
          "rejected by " + gate.acceptedRejection().by() + reasonSuffix(gate.acceptedRejection().reason());
      case TIMED_OUT -> "was not approved within " + strategy.approvalTimeoutSeconds() + "s";
    };
  }

  private static String reasonSuffix(String reason) {
    return reason == null || reason.isBlank() ? "" : ": " + reason;
  }

  private String switchDescription() {
    return cutoverSwitchMillis == null ? "" : "; traffic switch took " + cutoverSwitchMillis + " ms";
  }

  private static Stopped abortBecause(String trigger, String reason) {
    return new Stopped(new Stop(false, trigger, reason));
  }

  private static Stopped rollBackBecause(String trigger, String reason) {
    return new Stopped(new Stop(true, trigger, reason));
  }

  @Override
  public DecisionRecord approve(OperatorDecision decision) {
    return gate.approve(decision);
  }

  @Override
  public void validateApprove(OperatorDecision decision) {
    throwIfRefused(gate.refusalOfApproval(decision));
  }

  @Override
  public DecisionRecord reject(OperatorDecision decision) {
    return gate.reject(decision);
  }

  @Override
  public void validateReject(OperatorDecision decision) {
    throwIfRefused(gate.refusalOfRejection(decision));
  }

  @Override
  public DecisionRecord abort(OperatorDecision decision) {
    gate.refuseIf(ABORT, decision, refusalOfStop(decision));
    DecisionRecord accepted = gate.record(ABORT, decision, true, "aborted at phase " + phase.label());
    stopAttempt(new Stop(false, "abort", "Aborted by " + decision.by() + reasonSuffix(decision.reason())));
    return accepted;
  }

  @Override
  public void validateAbort(OperatorDecision decision) {
    throwIfRefused(refusalOfStop(decision));
  }

  @Override
  public DecisionRecord rollback(OperatorDecision decision) {
    gate.refuseIf(ROLLBACK, decision, refusalOfRollback(decision));
    if (!promoted()) {
      DecisionRecord accepted = gate.record(ROLLBACK, decision, true, "not promoted yet: treated as an abort");
      stopAttempt(new Stop(false, "abort", "Rolled back before promotion by " + decision.by()
          + reasonSuffix(decision.reason())));
      return accepted;
    }
    DecisionRecord accepted = gate.record(ROLLBACK, decision, true, "rolled back at phase " + phase.label());
    stopAttempt(new Stop(true, "manual", "Rolled back by " + decision.by() + reasonSuffix(decision.reason())));
    return accepted;
  }

  @Override
  public void validateRollback(OperatorDecision decision) {
    throwIfRefused(refusalOfRollback(decision));
  }

  /** Abort and rollback both stop the attempt, which only means something before the deployment is finishing. */
  private ApplicationFailure refusalOfStop(OperatorDecision decision) {
    if (decision == null || decision.by() == null || decision.by().isBlank()) {
      return Refusal.INVALID.because("a decision must say who made it");
    }
    if (finishing || stop != null) {
      return Refusal.WRONG_PHASE.because("the deployment is already finishing (" + phase.label() + ")");
    }
    return null;
  }

  private ApplicationFailure refusalOfRollback(OperatorDecision decision) {
    ApplicationFailure refusal = refusalOfStop(decision);
    if (refusal == null && promoted() && !rollbackWindowOpen) {
      return Refusal.WRONG_PHASE.because(
          "no previous version is warm: deploy the previous image as a new deployment instead");
    }
    return refusal;
  }

  private boolean promoted() {
    return green != null && trafficOn == green.colour();
  }

  private static void throwIfRefused(ApplicationFailure refusal) {
    if (refusal != null) {
      throw refusal;
    }
  }

  private void stopAttempt(Stop reason) {
    stop = reason;
    if (attempt != null) {
      attempt.cancel(reason.reason());
    }
  }

  @Override
  public String phase() {
    return phase.label();
  }

  @Override
  public DeploymentStatus status() {
    return new DeploymentStatus(
        request == null ? null : request.service(),
        request == null ? null : request.environment(),
        request == null ? null : request.requestedBy(),
        phase.label(),
        gate.question(),
        green == null ? (request == null ? null : request.image()) : green.image(),
        green == null ? null : green.previousImage(),
        green == null ? null : green.colour(),
        green == null ? null : green.previousColour(),
        trafficOn,
        strategy,
        analyses.stream().map(AnalysisExecution::snapshot).toList(),
        gate.acceptedApproval(),
        gate.acceptedRejection(),
        gate.decisions(),
        cutoverSwitchMillis,
        rollbackSwitchMillis,
        outcome);
  }
}
