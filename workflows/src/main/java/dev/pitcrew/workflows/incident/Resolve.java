package dev.pitcrew.workflows.incident;

import java.util.List;

/**
 * Payload of the {@code resolve} signal.
 *
 * @param summary one paragraph on what happened and what fixed it; goes into the channel and the postmortem
 * @param followUps follow-up tasks, each filed as a JIRA issue linked to the postmortem
 */
public record Resolve(String actor, String source, String summary, List<String> followUps) implements IncidentSignal {
  public Resolve {
    followUps = followUps == null ? List.of() : List.copyOf(followUps);
  }
}
