package dev.pitcrew.workflows.sla;

/**
 * Where one goal's clock is. Listed from least to most urgent for a ticket's overall state, so the ticket shows
 * its worst goal.
 */
public enum GoalState {
  MET,
  PAUSED,
  RUNNING,
  AT_RISK,
  BREACHED
}
