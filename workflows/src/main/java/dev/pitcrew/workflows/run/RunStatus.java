package dev.pitcrew.workflows.run;

/** Lifecycle of a run as shown in Pitcrew's runs index; mirrors Temporal's closed statuses, plus LOST runs. */
public enum RunStatus {
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELED,
  TERMINATED,
  TIMED_OUT,
  /**
   * Pitcrew's record says running, but the Temporal engine no longer holds the run (an in-process test server
   * restarted without its state, or a namespace lost or restored from an older backup). Set by the API's
   * reconciliation, never by a workflow; actions on such a run answer 409.
   */
  LOST,
  /** A lost run someone closed (POST /api/v1/runs/{id}/close), or one recovered as a new run. */
  CLOSED_LOST;

  public boolean isClosed() {
    return this != RUNNING;
  }
}
