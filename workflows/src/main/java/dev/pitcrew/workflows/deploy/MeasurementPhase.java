package dev.pitcrew.workflows.deploy;

/** How one measurement, or a whole metric or analysis, came out (Argo Rollouts' analysis phases). */
public enum MeasurementPhase {
  SUCCESSFUL,
  FAILED,
  INCONCLUSIVE,
  /** The measurement could not be taken, e.g. Prometheus or the service did not answer. */
  ERROR
}
