package dev.pitcrew.workflows.incident;

import dev.pitcrew.workflows.run.PhaseAware;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
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
  String ACKNOWLEDGE_SIGNAL = "acknowledge";
  String ESCALATE_SIGNAL = "escalate";
  String RESOLVE_SIGNAL = "resolve";
  String CHANGE_SEVERITY_SIGNAL = "changeSeverity";
  String NOTE_SIGNAL = "note";
  String STAKEHOLDER_UPDATE_SIGNAL = "stakeholderUpdate";
  String TIMELINE_QUERY = "timeline";
  String STATUS_QUERY = "status";

  @WorkflowMethod
  IncidentStatus respond(IncidentInput input);

  @SignalMethod(name = ALERT_SIGNAL)
  void alert(Alert alert);

  @SignalMethod(name = ACKNOWLEDGE_SIGNAL)
  void acknowledge(Acknowledge acknowledge);

  @SignalMethod(name = ESCALATE_SIGNAL)
  void escalate(Escalate escalate);

  @SignalMethod(name = RESOLVE_SIGNAL)
  void resolve(Resolve resolve);

  @SignalMethod(name = CHANGE_SEVERITY_SIGNAL)
  void changeSeverity(ChangeSeverity change);

  @SignalMethod(name = NOTE_SIGNAL)
  void note(Note note);

  @SignalMethod(name = STAKEHOLDER_UPDATE_SIGNAL)
  void stakeholderUpdate(StakeholderUpdate update);

  @QueryMethod(name = TIMELINE_QUERY)
  List<TimelineEntry> timeline();

  @QueryMethod(name = STATUS_QUERY)
  IncidentStatus status();
}
