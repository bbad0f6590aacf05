package dev.pitcrew.workflows.remediation;

import io.temporal.activity.ActivityInterface;

/** The remediation's way into the incident family. */
@ActivityInterface
public interface EscalationActivities {
  /** Opens (or joins) the incident and puts the notes on its timeline; answers the incident's ID. */
  String escalate(Escalation escalation);

  /** Resolves an incident the remediation fixed, with a note of what fixed it. */
  void resolveIncident(String incidentId, String summary);
}
