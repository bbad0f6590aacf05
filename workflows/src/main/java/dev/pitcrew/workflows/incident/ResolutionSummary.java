package dev.pitcrew.workflows.incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The message posted to the channel when an incident is resolved: how long it took and who did what. */
final class ResolutionSummary {
  private ResolutionSummary() {}

  static String of(IncidentStatus incident, String resolution, List<TimelineEntry> timeline) {
    StringBuilder text = new StringBuilder()
        .append(":white_check_mark: *Resolved* [").append(incident.severity()).append("] ")
        .append(incident.title()).append('\n')
        .append("Duration ").append(HumanDuration.of(incident.mttrMillis()))
        .append(" | MTTA ").append(incident.mttaMillis() == null ? "n/a" : HumanDuration.of(incident.mttaMillis()))
        .append(" | MTTR ").append(HumanDuration.of(incident.mttrMillis())).append('\n')
        .append("Resolved by ").append(incident.resolvedBy());
    if (resolution != null && !resolution.isBlank()) {
      text.append(": ").append(resolution);
    }
    text.append("\n*Who did what*");
    whoDidWhat(timeline).forEach((actor, did) -> text.append("\n- ").append(actor).append(": ").append(did));
    return text.toString();
  }

  private static Map<String, String> whoDidWhat(List<TimelineEntry> timeline) {
    Map<String, Set<String>> byActor = new LinkedHashMap<>();
    for (TimelineEntry entry : timeline) {
      if (!TimelineEntry.PITCREW.equals(entry.actor()) && entry.actor() != null) {
        byActor.computeIfAbsent(entry.actor(), a -> new LinkedHashSet<>())
            .add(entry.event().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      }
    }
    Map<String, String> lines = new LinkedHashMap<>();
    byActor.forEach((actor, events) -> lines.put(actor, String.join(", ", new ArrayList<>(events))));
    return lines;
  }
}
