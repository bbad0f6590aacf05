package dev.pitcrew.workflows.incident;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One incident from first alert to archived channel: pages the on-call ladder until someone acknowledges, keeps
 * the channel and stakeholders informed, and files the postmortem once resolved.
 *
 * <p>Start it with workflow ID {@link IncidentIds#workflowIdFor(String)} of the alert's dedup key, using
 * signal-with-start with the {@value #ALERT_SIGNAL} signal, so duplicates join instead of opening a second one.
 */
@WorkflowInterface
public interface IncidentWorkflow extends PhaseAware {
  String RUN_TYPE = "incident";

  String ALERT_SIGNAL = "alert";
  String ACKNOWLEDGE = "acknowledge";
  String ESCALATE = "escalate";
  String RESOLVE = "resolve";
  String CHANGE_SEVERITY = "changeSeverity";
  String NOTE_SIGNAL = "note";
  String STAKEHOLDER_UPDATE_SIGNAL = "stakeholderUpdate";
  String TIMELINE_QUERY = "timeline";
  String STATUS_QUERY = "status";

  @WorkflowMethod
  IncidentStatus respond(IncidentInput input);

  @SignalMethod(name = ALERT_SIGNAL)
  void alert(Alert alert);

  // People's decisions are Updates: the validator refuses one that cannot count (already acknowledged or resolved,
  // the severity it already has) before it enters the history, with a Refusal type the API turns into 409; the
  // handler waits until the runbook has applied it, in arrival order with everything else, and answers the
  // incident's status. Alerts, notes and stakeholder updates are facts, not decisions, and stay signals.

  /** Stops the paging ladder; the first to acknowledge becomes commander unless one was named. */
  @UpdateMethod(name = ACKNOWLEDGE)
  IncidentStatus acknowledge(Acknowledge acknowledge);

  @UpdateValidatorMethod(updateName = ACKNOWLEDGE)
  void validateAcknowledge(Acknowledge acknowledge);

  /** Pages the next level now (or the first again once the ladder ran out). */
  @UpdateMethod(name = ESCALATE)
  IncidentStatus escalate(Escalate escalate);

  @UpdateValidatorMethod(updateName = ESCALATE)
  void validateEscalate(Escalate escalate);

  @UpdateMethod(name = RESOLVE)
  IncidentStatus resolve(Resolve resolve);

  @UpdateValidatorMethod(updateName = RESOLVE)
  void validateResolve(Resolve resolve);

  @UpdateMethod(name = CHANGE_SEVERITY)
  IncidentStatus changeSeverity(ChangeSeverity change);

  @UpdateValidatorMethod(updateName = CHANGE_SEVERITY)
  void validateChangeSeverity(ChangeSeverity change);

  @SignalMethod(name = NOTE_SIGNAL)
  void note(Note note);

  @SignalMethod(name = STAKEHOLDER_UPDATE_SIGNAL)
  void stakeholderUpdate(StakeholderUpdate update);

  @QueryMethod(name = TIMELINE_QUERY)
  List<TimelineEntry> timeline();

  @QueryMethod(name = STATUS_QUERY)
  IncidentStatus status();
}
