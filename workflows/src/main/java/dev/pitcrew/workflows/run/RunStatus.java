package dev.pitcrew.workflows.run;

/** Lifecycle of a run as shown in Pitcrew's runs index; mirrors Temporal's closed statuses. */
public enum RunStatus {
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELED,
  TERMINATED,
  TIMED_OUT;

  public boolean isClosed() {
    return this != RUNNING;
  }
}
