package dev.pitcrew.workflows.incident;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Database test double: serves one setup and remembers what the workflow recorded. */
class RecordingIncidentRecords implements IncidentRecordActivities {
  private final List<IncidentStatus> recorded = new CopyOnWriteArrayList<>();
  private final List<EscalationRecord> escalations = new CopyOnWriteArrayList<>();
  private volatile IncidentSetup setup = IncidentSetup.defaults();
  private volatile boolean down;
  private volatile CountDownLatch setupRequested;
  private volatile CountDownLatch setupReleased;

  void serve(IncidentSetup setup) {
    this.setup = setup;
  }

  /** While down, every call fails as it would with PostgreSQL unreachable. */
  void down(boolean down) {
    this.down = down;
  }

  /** The next setup reads wait for {@link #releaseSetup()}, holding the incident's first workflow task open. */
  void holdSetup() {
    setupRequested = new CountDownLatch(1);
    setupReleased = new CountDownLatch(1);
  }

  void awaitSetupRequested() throws InterruptedException {
    if (!setupRequested.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The setup was never read");
    }
  }

  void releaseSetup() {
    setupReleased.countDown();
  }

  @Override
  public IncidentSetup loadSetup(String service) {
    failIfDown();
    CountDownLatch held = setupReleased;
    if (held != null) {
      setupRequested.countDown();
      try {
        held.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
