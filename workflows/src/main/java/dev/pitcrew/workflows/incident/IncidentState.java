package dev.pitcrew.workflows.incident;

public enum IncidentState {
  /** Paging, or waiting for someone to acknowledge. */
  OPEN,
  ACKNOWLEDGED,
  RESOLVED
}
