package dev.pitcrew.workflows.run;

import io.temporal.workflow.Workflow;

/**
 * What the Temporal UI shows as a run's current details: its phase and what it waits for, so on-call following a
 * run there reads "AwaitingApproval: approve or reject, times out 14:30 UTC" instead of raw JSON. Not part of the
 * history (replay never compares it), so it may change freely. Only use from workflow code.
 */
public final class CurrentDetails {
  private CurrentDetails() {}

  /** {@code waitingFor} null: the phase alone. */
  public static void show(String phase, String waitingFor) {
    Workflow.setCurrentDetails(
        "**Phase:** " + phase + (waitingFor == null || waitingFor.isBlank() ? "" : "\n\n**Waiting for:** " + waitingFor));
  }
}
