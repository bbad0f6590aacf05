package dev.pitcrew.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Pitcrew's own record of incidents (PostgreSQL) and the per-service settings incidents start from. */
@ActivityInterface
public interface IncidentRecordActivities {

  /** The service's escalation policy (null when it has none) and the response settings in force. */
  @ActivityMethod(name = "IncidentLoadSetup")
  IncidentSetup loadSetup(String service);

  /** Upserts the incident's row; idempotent, and never moves a row back to an earlier state. */
  @ActivityMethod(name = "IncidentRecord")
  void record(IncidentStatus incident, String source);

  /** Records that a level was paged; recording the same step again changes nothing. */
  @ActivityMethod(name = "IncidentRecordEscalation")
  void recordEscalation(EscalationRecord escalation);
}
