package dev.pitcrew.workflows.deploy;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the deployment waits for a human, and the audit trail of every operator signal. Approvals and rejections
 * only count while a question is open; anything else is recorded as ignored, with the reason. Workflow code only.
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
        Workflow.await(this::answered);
      } else if (!Workflow.await(timeout, this::answered)) {
        return Verdict.TIMED_OUT;
      }
      return rejection != null ? Verdict.REJECTED : Verdict.APPROVED;
    } finally {
      this.question = null;
    }
  }

  void approve(OperatorDecision decision) {
    String refusal = refusalOf(decision);
    if (refusal == null && forbidSelfApproval && decision.by().equalsIgnoreCase(requestedBy)) {
      refusal = "the requester may not approve their own production deployment";
    }
    if (refusal != null) {
      record("approve", decision, false, refusal);
      return;
    }
    approval = decision;
    acceptedApproval = decision;
    record("approve", decision, true, question);
  }

  void reject(OperatorDecision decision) {
    String refusal = refusalOf(decision);
    if (refusal != null) {
      record("reject", decision, false, refusal);
      return;
    }
    rejection = decision;
    acceptedRejection = decision;
    record("reject", decision, true, question);
  }

  void record(String kind, OperatorDecision decision, boolean accepted, String note) {
    decisions.add(
        new DecisionRecord(kind, decision.by(), decision.reason(), accepted, note, Workflow.currentTimeMillis()));
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

  private String refusalOf(OperatorDecision decision) {
    if (decision.by() == null || decision.by().isBlank()) {
      return "a decision must say who made it";
    }
    if (question == null) {
      return "nothing is awaiting a decision";
    }
    if (answered()) {
      return "already decided";
    }
    return null;
  }

  private boolean answered() {
    return approval != null || rejection != null;
  }
}
