package dev.pitcrew.workflows.incident;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Database test double: serves one setup and remembers what the workflow recorded. */
class RecordingIncidentRecords implements IncidentRecordActivities {
  private final List<IncidentStatus> recorded = new CopyOnWriteArrayList<>();
  private final List<EscalationRecord> escalations = new CopyOnWriteArrayList<>();
  private volatile IncidentSetup setup = IncidentSetup.defaults();
  private volatile boolean down;

  void serve(IncidentSetup setup) {
    this.setup = setup;
  }

  /** While down, every call fails as it would with PostgreSQL unreachable. */
  void down(boolean down) {
    this.down = down;
  }

  @Override
  public IncidentSetup loadSetup(String service) {
    failIfDown();
    return setup;
  }

  @Override
  public void record(IncidentStatus incident, String source) {
    failIfDown();
    recorded.add(incident);
  }

  @Override
  public void recordEscalation(EscalationRecord escalation) {
    failIfDown();
    escalations.add(escalation);
  }

  private void failIfDown() {
    if (down) {
      throw io.temporal.failure.ApplicationFailure.newFailure("PostgreSQL is unreachable", "DatabaseDown");
    }
  }

  IncidentStatus lastRecorded() {
    return recorded.getLast();
  }

  List<EscalationRecord> escalations() {
    return List.copyOf(escalations);
  }
}
