package dev.pitcrew.workflows.remediation;

import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTracker;
import dev.pitcrew.workflows.run.Waits;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The remediation runbook: guardrails → enrich → decide → act → verify → auto-resolved or escalated. */
public class RemediationWorkflowImpl implements RemediationWorkflow {
  static final String GUARDRAILS = "Guardrails";
  static final String ENRICHING = "Enriching";
  static final String AWAITING_APPROVAL = "AwaitingApproval";
  static final String ACTING = "Acting";
  static final String VERIFYING = "Verifying";
  static final String ESCALATING = "Escalating";
  static final String HOLDING = "Holding";
  static final String WORKFLOW = "workflow";

  private static final RetryOptions BOUNDED =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(5)
          .build();

  /** Guardrail decisions must land: retried until they do (PostgreSQL comes back), never long after it does. */
  private final GuardrailActivities guardrails =
      Workflow.newActivityStub(GuardrailActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(10)).build())
              .build());
  private final RemediationActivities world =
      Workflow.newActivityStub(RemediationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(10))
              .setHeartbeatTimeout(Duration.ofSeconds(30))
              .setRetryOptions(BOUNDED)
              .build());
  private final EscalationActivities incidents =
      Workflow.newActivityStub(EscalationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
              .build());
  private final RemediationRecordActivities records =
      Workflow.newActivityStub(RemediationRecordActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(BOUNDED)
              .build());

  private RemediationInput input;
  private RunTracker tracker;
  private final List<TimelineNote> timeline = new ArrayList<>();
  private final List<String> attemptsLog = new ArrayList<>();
  /** What enrichment found, carried onto the incident's timeline when the remediation escalates. */
  private final List<String> gathered = new ArrayList<>();
  private boolean resolved;
  private int firings;
  private ApprovalDecision decision;
  private String remediationId;
  private long startedAt;
  private RemediationChanges changes;
  private RemediationResult outcome;
  private boolean holding;

  @Override
  public RemediationResult remediate(RemediationInput input) {
    changes = RemediationChanges.decide();
    this.input = input;
    this.remediationId = Workflow.getInfo().getWorkflowId() + ":" + Workflow.getInfo().getFirstExecutionRunId();
    this.startedAt = Workflow.currentTimeMillis();
    RemediationTarget target = input.target();
    tracker = RunTracker.start(RUN_TYPE, new RunLabels(target.service(), target.namespace(), input.runbook().severity()),
        GUARDRAILS);
    details();
    note("Alert " + input.alert().alertname() + " on " + target.key() + " matched runbook " + input.runbook().name()
        + " v" + input.runbook().version() + (input.dryRun() ? " (dry-run)" : ""));
    RemediationResult result = tracker.runToCompletion(this::runbook, ended -> ended.outcome() + ": " + ended.detail());
    if (changes.holdsTheTarget()) {
      holdTheTarget();
    }
    return result;
  }

  /**
   * The outcome is recorded (and escalated, if it had to be); what is left is the episode. Until the alert resolves
   * or the runbook's rate-limit window (counted from the start) closes, this run stays open so that the storm's
   * later notifications of the same target join it instead of starting a remediation that the rate limit would
   * refuse and escalate again. It holds no guardrail slot: the claim was released with the outcome.
   */
  private void holdTheTarget() {
    long until = startedAt + input.runbook().guardrails().windowSeconds() * 1000;
    long left = until - Workflow.currentTimeMillis();
    if (resolved || left <= 0) {
      return;
    }
    holding = true;
    int joinedBefore = firings;
    Workflow.setCurrentDetails("**" + HOLDING + "** — " + outcome.outcome() + "; runbook " + input.runbook().name()
        + " holds " + input.target().key() + " until " + Waits.at(until) + " or the alert resolves");
    note("Holding " + input.target().key() + " until " + Waits.at(until)
        + " or the alert resolves: further firings join this remediation");
    Waits.await(Duration.ofMillis(left), "hold " + input.target().key() + " until the rate-limit window closes",
        () -> resolved);
    holding = false;
    note((resolved ? "Alert resolved" : "Rate-limit window closed") + "; released " + input.target().key() + " ("
        + (firings - joinedBefore) + " firing(s) joined while held)");
  }

  private RemediationResult runbook() {
    RunbookPlan runbook = input.runbook();
    List<String> plan = runbook.steps().stream().map(RunbookStep::describe).toList();

    GuardrailDecision leave = guardrails.claim(new GuardrailClaim(remediationId, runbook.name(), input.target(),
        touchesAllPods(runbook), podsTouched(runbook), runbook.guardrails(),
        runbook.steps().stream().anyMatch(step -> step.action() == ActionType.ROLLBACK_DEPLOYMENT)));
    if (!leave.granted()) {
      note("Refused by guardrail " + leave.guardrail() + ": " + leave.reason());
      return escalate(RemediationOutcome.REFUSED, "refused by guardrail " + leave.guardrail() + ": " + leave.reason(),
          0, plan);
    }
    RemediationResult result = null;
    try {
      result = fix(runbook, plan);
      return result;
    } finally {
      String outcome = result == null ? "FAILED" : result.outcome().name();
      Workflow.newDetachedCancellationScope(() -> guardrails.release(remediationId, outcome)).run();
    }
  }

  private RemediationResult fix(RunbookPlan runbook, List<String> plan) {
    enter(ENRICHING);
    enrich();
    note("Plan: " + String.join("; ", plan));
    if (input.dryRun()) {
      for (RunbookStep step : runbook.steps()) {
        note("Dry-run: would " + step.describe() + " on " + input.target().key());
      }
      return escalate(RemediationOutcome.DRY_RUN, "dry-run: " + plan.size() + " step(s) planned, none taken", 0, plan);
    }
    for (int attempt = 1; attempt <= Math.max(1, runbook.attempts()); attempt++) {
      if (resolved) {
        note("The alert resolved by itself before attempt " + attempt);
        return attempt == 1
            ? finish(RemediationOutcome.RESOLVED_BY_ITSELF, "resolved before any action", 0, plan)
            : finish(RemediationOutcome.AUTO_RESOLVED, "resolved after attempt " + (attempt - 1), attempt - 1, plan);
      }
      if (runbook.needsApproval() && decision == null) {
        enter(AWAITING_APPROVAL);
        Duration timeout = Duration.ofSeconds(runbook.approvalTimeoutSeconds());
        ApprovalRequest question = askInSlack(timeout, plan);
        if (!Workflow.await(timeout, () -> decision != null)) {
          note("No approval within " + timeout.toSeconds() + "s");
          if (question != null) {
            question.close("FAILED", "No approval within " + timeout.toSeconds() + "s: escalated");
          }
          return escalate(RemediationOutcome.ESCALATED, "approval timed out after " + timeout.toSeconds() + "s",
              attempt - 1, plan);
        }
        if (question != null) {
          question.close(decision.approve() ? "COMPLETED" : "FAILED", (decision.approve() ? "Approved by "
              : "Rejected by ") + decision.by() + (decision.reason() == null || decision.reason().isBlank() ? ""
              : ": " + decision.reason()));
        }
        if (!decision.approve()) {
          return escalate(RemediationOutcome.ESCALATED, "rejected by " + decision.by()
              + (decision.reason() == null ? "" : ": " + decision.reason()), attempt - 1, plan);
        }
        if (resolved) {
          note("The alert resolved by itself while waiting for the approval");
          return finish(RemediationOutcome.RESOLVED_BY_ITSELF, "resolved before any action", 0, plan);
        }
      }
      enter(ACTING);
      String failure = act(runbook, attempt);
      if (failure != null) {
        attemptsLog.add("Attempt " + attempt + " failed: " + failure);
        continue;
      }
      enter(VERIFYING);
      if (verified(runbook.verification())) {
        note("Verified after attempt " + attempt);
        return finish(RemediationOutcome.AUTO_RESOLVED, "fixed by runbook " + runbook.name() + " (attempt " + attempt
            + ")", attempt, plan);
      }
      attemptsLog.add("Attempt " + attempt + ": not verified within " + runbook.verification().withinSeconds() + "s");
      note("Attempt " + attempt + " not verified within " + runbook.verification().withinSeconds() + "s");
    }
    return escalate(RemediationOutcome.ESCALATED, "not fixed after " + runbook.attempts() + " attempt(s)",
        runbook.attempts(), plan);
  }

  /** The Approve/Reject buttons in the runbook's Slack channel, when it has one; null otherwise. */
  private ApprovalRequest askInSlack(Duration timeout, List<String> plan) {
    if (!changes.asksInSlack() || input.chat() == null || input.chat().channel() == null) {
      return null;
    }
    List<String> facts = new ArrayList<>();
    facts.add("Alert " + input.alert().alertname() + ": " + input.alert().summary());
    facts.add("Plan: " + String.join("; ", plan));
    facts.add("Times out " + Waits.after(timeout) + ", then escalates to an incident");
    return ApprovalRequest.ask(input.chat(), "Remediation needs approval: runbook " + input.runbook().name() + " on "
        + input.target().key(), facts, this::note);
  }

  /** Enrichment informs people; it never holds the remediation up. */
  private void enrich() {
    try {
      for (String line : world.enrich(input.target())) {
        note(line);
        gathered.add(line);
      }
    } catch (ActivityFailure failure) {
      note("Could not gather context: " + failure.getCause().getMessage());
    }
    if (!changes.enrichesWithTheAlert()) {
      return;
    }
    try {
      for (String line : world.enrichAlert(input.alert(), input.target())) {
        note(line);
        gathered.add(line);
      }
    } catch (ActivityFailure failure) {
      note("Could not gather the alert's value: " + failure.getCause().getMessage());
    }
  }

  /** Runs every step once; answers why it failed, or null. */
  private String act(RunbookPlan runbook, int attempt) {
    for (int i = 0; i < runbook.steps().size(); i++) {
      RunbookStep step = runbook.steps().get(i);
      if (step.action() == ActionType.WAIT) {
        long seconds = Long.parseLong(step.params().getOrDefault("seconds", "0"));
        note("Waiting " + seconds + "s (" + step.name() + ")");
        Workflow.sleep(Duration.ofSeconds(seconds));
        continue;
      }
      String actionKey = remediationId + "#" + attempt + "." + (i + 1);
      try {
        ActionReport report = world.act(new ActionRequest(actionKey, step, input.target()));
        String line = "Attempt " + attempt + ", " + step.name() + ": " + report.summary()
            + (report.repeated() ? " (already done by this remediation; not repeated)" : "");
        attemptsLog.add(line);
        note(line);
      } catch (ActivityFailure failed) {
        String why = step.name() + " failed: " + failed.getCause().getMessage();
        note("Attempt " + attempt + ", " + why);
        return why;
      }
    }
    return null;
  }

  private boolean verified(Verification verification) {
    long deadline = Workflow.currentTimeMillis() + verification.withinSeconds() * 1000;
    if (!verification.byPrometheus()) {
      return Workflow.await(Duration.ofSeconds(verification.withinSeconds()), () -> resolved);
    }
    Duration interval = Duration.ofSeconds(Math.max(1, verification.intervalSeconds()));
    while (Workflow.currentTimeMillis() < deadline) {
      long left = deadline - Workflow.currentTimeMillis();
      if (Workflow.await(Duration.ofMillis(Math.min(left, interval.toMillis())), () -> resolved)) {
        return true;
      }
      try {
        if (world.conditionHolds(verification)) {
          note("Prometheus: " + verification.prometheusQuery() + " " + verification.condition() + " holds");
          return true;
        }
      } catch (ActivityFailure failure) {
        note("Prometheus check failed: " + failure.getCause().getMessage());
      }
    }
    return resolved;
  }

  private RemediationResult finish(RemediationOutcome outcome, String detail, int attempts, List<String> plan) {
    if (input.incidentId() != null) {
      incidents.resolveIncident(input.incidentId(), "Auto-resolved by runbook " + input.runbook().name() + ": "
          + String.join("; ", attemptsLog));
    }
    return record(new RemediationResult(outcome, detail, attempts, input.incidentId(), plan));
  }

  private RemediationResult escalate(RemediationOutcome outcome, String detail, int attempts, List<String> plan) {
    enter(ESCALATING);
    RunbookPlan runbook = input.runbook();
    List<String> notes = new ArrayList<>();
    notes.add("Remediation " + Workflow.getInfo().getWorkflowId() + " (runbook " + runbook.name() + " v"
        + runbook.version() + ") on " + input.target().key() + ": " + outcome + ", " + detail);
    if (changes.enrichesWithTheAlert()) {
      gathered.forEach(line -> notes.add("Context: " + line));
    }
    notes.addAll(attemptsLog);
    if (outcome == RemediationOutcome.DRY_RUN) {
      notes.add("Dry-run plan: " + String.join("; ", plan));
    }
    String incidentId = incidents.escalate(new Escalation(
        input.incidentId(),
        "remediation:" + runbook.name() + ":" + input.target().service(),
        input.target().service(),
        runbook.severity(),
        input.alert().summary() + " (runbook " + runbook.name() + " could not fix it)",
        detail,
        input.alert().fingerprint(),
        notes));
    note("Escalated to incident " + incidentId);
    return record(new RemediationResult(outcome, detail, attempts, incidentId, plan));
  }

  private RemediationResult record(RemediationResult result) {
    try {
      records.recordOutcome(new OutcomeRecord(remediationId, input.runbook().name(), input.target().service(),
          input.target().key(), input.alert().alertname(), result.outcome(), result.detail(), result.incidentId(),
          startedAt, Workflow.currentTimeMillis()));
    } catch (ActivityFailure failure) {
      note("Could not record the outcome: " + failure.getCause().getMessage());
    }
    note(result.outcome() + ": " + result.detail());
    outcome = result;
    return result;
  }

  private static boolean touchesAllPods(RunbookPlan runbook) {
    return runbook.steps().stream().anyMatch(step -> step.action() == ActionType.ROLLOUT_RESTART);
  }

  private static int podsTouched(RunbookPlan runbook) {
    return (int) runbook.steps().stream().filter(step -> step.action() == ActionType.DELETE_POD).count();
  }

  private void enter(String phase) {
    tracker.enter(phase);
    details();
  }

  private void details() {
    Workflow.setCurrentDetails("**" + tracker.phase() + "** — runbook " + input.runbook().name() + " on "
        + input.target().key() + (input.dryRun() ? " (dry-run)" : ""));
  }

  private void note(String text) {
    timeline.add(new TimelineNote(Workflow.currentTimeMillis(), phase(), text));
  }

  @Override
  public void alert(AlertNotice notice) {
    if (notice.resolved()) {
      resolved = true;
      note("Resolved notification for " + notice.fingerprint());
    } else {
      firings++;
      if (firings <= 3 || firings % 100 == 0) {
        note("Still firing (" + firings + " notification(s) joined)");
      }
    }
  }

  @Override
  public void validateDecide(ApprovalDecision decision) {
    if (!decision.permitted()) {
      throw ApplicationFailure.newNonRetryableFailure(
          decision.by() + " may not approve remediations (needs remediation.approve)", "Forbidden");
    }
    if (this.decision != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Already " + (this.decision.approve() ? "approved" : "rejected") + " by " + this.decision.by(), "Conflict");
    }
    if (tracker == null || !AWAITING_APPROVAL.equals(tracker.phase())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Not waiting for an approval (phase " + phase() + ")", "Conflict");
    }
  }

  @Override
  public ApprovalOutcome decide(ApprovalDecision decision) {
    this.decision = decision;
    note((decision.approve() ? "Approved by " : "Rejected by ") + decision.by()
        + (decision.reason() == null || decision.reason().isBlank() ? "" : ": " + decision.reason()));
    return new ApprovalOutcome(decision.by(), decision.approve(), decision.approve() ? ACTING : ESCALATING);
  }

  @Override
  public List<TimelineNote> timeline() {
    return List.copyOf(timeline);
  }

  @Override
  public String phase() {
    if (holding) {
      return HOLDING;
    }
    return tracker == null ? GUARDRAILS : tracker.phase();
  }

  @Override
  public RemediationResult result() {
    return outcome;
  }
}
