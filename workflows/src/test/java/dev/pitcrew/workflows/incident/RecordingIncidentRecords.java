package dev.pitcrew.workflows.incident;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Database test double: serves one setup and remembers what the workflow recorded. */
class RecordingIncidentRecords implements IncidentRecordActivities {
  private final List<IncidentStatus> recorded = new CopyOnWriteArrayList<>();
  private final List<EscalationRecord> escalations = new CopyOnWriteArrayList<>();
  private volatile IncidentSetup setup = IncidentSetup.defaults();

  void serve(IncidentSetup setup) {
    this.setup = setup;
  }

  @Override
  public IncidentSetup loadSetup(String service) {
    return setup;
  }

  @Override
  public void record(IncidentStatus incident, String source) {
    recorded.add(incident);
  }

  @Override
  public void recordEscalation(EscalationRecord escalation) {
    escalations.add(escalation);
  }

  IncidentStatus lastRecorded() {
    return recorded.getLast();
  }

  List<EscalationRecord> escalations() {
    return List.copyOf(escalations);
  }
}
