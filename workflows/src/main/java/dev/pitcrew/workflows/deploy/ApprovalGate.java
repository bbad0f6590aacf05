package dev.pitcrew.workflows.deploy;

import dev.pitcrew.workflows.run.CurrentDetails;
import dev.pitcrew.workflows.run.Refusal;
import dev.pitcrew.workflows.run.Waits;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the deployment waits for a human, and the trail of every operator decision it handled. Approvals and
 * rejections only count while a question is open and nobody answered it yet; the validators refuse anything else
 * before it enters the history. Workflow code only.
 */
final class ApprovalGate {
  enum Verdict { APPROVED, REJECTED, TIMED_OUT }

  private final List<DecisionRecord> decisions = new ArrayList<>();
  private String requestedBy;
  private boolean forbidSelfApproval;
  private String question;
  private OperatorDecision approval;
  private OperatorDecision rejection;
  private OperatorDecision acceptedApproval;
  private OperatorDecision acceptedRejection;

  void configure(String requestedBy, boolean forbidSelfApproval) {
    this.requestedBy = requestedBy;
    this.forbidSelfApproval = forbidSelfApproval;
  }

  /** Asks {@code question} and waits for the answer; a zero timeout waits indefinitely. */
  Verdict ask(String question, Duration timeout) {
    this.question = question;
    this.approval = null;
    this.rejection = null;
    try {
      if (timeout.isZero()) {
        CurrentDetails.show(DeploymentPhase.AWAITING_APPROVAL.label(), question);
        Workflow.await(this::answered);
      } else {
        String until = Waits.after(timeout);
        CurrentDetails.show(DeploymentPhase.AWAITING_APPROVAL.label(), question + " (times out " + until + ")");
        if (!Waits.await(timeout, "wait for approval, times out " + until, this::answered)) {
          return Verdict.TIMED_OUT;
        }
      }
      return rejection != null ? Verdict.REJECTED : Verdict.APPROVED;
    } finally {
      this.question = null;
    }
  }

  /**
   * Why an approval cannot count now, or null when it can: the one statement of the rule, asked by the update's
   * validator (so a refused approval never enters the history) and again by its handler (the run may have moved on
   * in between).
   */
  ApplicationFailure refusalOfApproval(OperatorDecision decision) {
    ApplicationFailure refusal = refusalOf(decision);
    if (refusal == null && forbidSelfApproval && decision.by().equalsIgnoreCase(requestedBy)) {
      return Refusal.FORBIDDEN.because(decision.by() + " requested this production deployment and may not approve "
          + "it; another approver must approve");
    }
    return refusal;
  }

  ApplicationFailure refusalOfRejection(OperatorDecision decision) {
    return refusalOf(decision);
  }

  DecisionRecord approve(OperatorDecision decision) {
    refuseIf("approve", decision, refusalOfApproval(decision));
    approval = decision;
    acceptedApproval = decision;
    return record("approve", decision, true, question);
  }

  DecisionRecord reject(OperatorDecision decision) {
    refuseIf("reject", decision, refusalOfRejection(decision));
    rejection = decision;
    acceptedRejection = decision;
    return record("reject", decision, true, question);
  }

  /** A decision the validator let through but the run has moved past: kept in the trail, then refused. */
  void refuseIf(String kind, OperatorDecision decision, ApplicationFailure refusal) {
    if (refusal != null) {
      record(kind, decision, false, refusal.getOriginalMessage());
      throw refusal;
    }
  }

  DecisionRecord record(String kind, OperatorDecision decision, boolean accepted, String note) {
    DecisionRecord record =
        new DecisionRecord(kind, decision.by(), decision.reason(), accepted, note, Workflow.currentTimeMillis());
    decisions.add(record);
    return record;
  }

  String question() {
    return question;
  }

  OperatorDecision acceptedApproval() {
    return acceptedApproval;
  }

  OperatorDecision acceptedRejection() {
    return acceptedRejection;
  }

  List<DecisionRecord> decisions() {
    return List.copyOf(decisions);
  }

  private ApplicationFailure refusalOf(OperatorDecision decision) {
    if (decision == null || decision.by() == null || decision.by().isBlank()) {
      return Refusal.INVALID.because("a decision must say who made it");
    }
    if (question == null) {
      return Refusal.WRONG_PHASE.because("nothing is awaiting a decision");
    }
    if (answered()) {
      OperatorDecision first = approval != null ? approval : rejection;
      return Refusal.ALREADY_DECIDED.because(
          "already " + (approval != null ? "approved" : "rejected") + " by " + first.by());
    }
    return null;
  }

  private boolean answered() {
    return approval != null || rejection != null;
  }
}
