package dev.pitcrew.workflows.remediation;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One remediation of one target by one runbook: guardrails, enrich, decide, act, verify, and either record it as
 * auto-resolved or escalate it into the incident family. It never ends without one of the two.
 */
@WorkflowInterface
public interface RemediationWorkflow extends PhaseAware {
  String RUN_TYPE = "remediation";
  String ALERT_SIGNAL = "alert";
  String DECIDE_UPDATE = "decide";
  String TIMELINE_QUERY = "timeline";
  String RESULT_QUERY = "result";

  @WorkflowMethod
  RemediationResult remediate(RemediationInput input);

  /** A firing or resolved notification of the alert (or another alert on the same target). */
  @SignalMethod(name = ALERT_SIGNAL)
  void alert(AlertNotice notice);

  /** A person approves or rejects the high-risk steps: only while the remediation waits for it, only once. */
  @UpdateMethod(name = DECIDE_UPDATE)
  ApprovalOutcome decide(ApprovalDecision decision);

  @UpdateValidatorMethod(updateName = DECIDE_UPDATE)
  void validateDecide(ApprovalDecision decision);

  @QueryMethod(name = TIMELINE_QUERY)
  List<TimelineNote> timeline();

  /**
   * How the remediation ended, as soon as it has (null before): a run that ended without seeing its alert resolve
   * stays open holding its target for the rest of the rate-limit window, phase {@code Holding}.
   */
  @QueryMethod(name = RESULT_QUERY)
  RemediationResult result();
}
