package dev.pitcrew.workflows.incident;

public enum AlertStatus {
  FIRING,
  RESOLVED
}
