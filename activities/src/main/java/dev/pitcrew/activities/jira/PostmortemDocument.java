package dev.pitcrew.activities.jira;

import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.PostmortemRequest;
import dev.pitcrew.workflows.incident.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The postmortem draft in Atlassian Document Format: facts and timeline filled in by Pitcrew, the analysis
 * sections left for the incident commander (see docs/incidents.md for the template).
 */
final class PostmortemDocument {
  static final List<String> SECTIONS_TO_WRITE =
      List.of("Impact", "Root cause", "What went well", "What went wrong", "Follow-ups");

  private PostmortemDocument() {}

  static Map<String, Object> of(PostmortemRequest request) {
    IncidentStatus incident = request.incident();
    List<Object> content = new ArrayList<>();
    content.add(heading("Summary"));
    content.add(paragraph(request.resolutionSummary() == null ? "Resolved." : request.resolutionSummary()));
    content.add(bulletList(List.of(
        "Service: " + incident.service(),
        "Severity: " + incident.severity(),
        "Opened: " + Instant.ofEpochMilli(incident.openedAtMillis()),
        "Time to acknowledge: " + duration(incident.mttaMillis()),
        "Time to resolve: " + duration(incident.mttrMillis()),
        "Commander: " + orNobody(incident.commander()),
        "Acknowledged by: " + orNobody(incident.acknowledgedBy()),
        "Resolved by: " + orNobody(incident.resolvedBy()),
        "Incident: " + incident.incidentId())));
    content.add(heading("Timeline"));
    content.add(bulletList(request.timeline().stream().map(PostmortemDocument::line).toList()));
    for (String section : SECTIONS_TO_WRITE) {
      content.add(heading(section));
      content.add(paragraph("To be written by the incident commander."));
    }
    return Map.of("type", "doc", "version", 1, "content", content);
  }

  static Map<String, Object> paragraphDocument(String text) {
    return Map.of("type", "doc", "version", 1, "content", List.of(paragraph(text)));
  }

  static String line(TimelineEntry entry) {
    return Instant.ofEpochMilli(entry.atMillis()) + " " + entry.event() + " - " + entry.actor() + " (" + entry.source()
        + "): " + entry.text();
  }

  private static Map<String, Object> heading(String text) {
    return Map.of("type", "heading", "attrs", Map.of("level", 2), "content", List.of(text(text)));
  }

  private static Map<String, Object> paragraph(String text) {
    return Map.of("type", "paragraph", "content", List.of(text(text)));
  }

  private static Map<String, Object> bulletList(List<String> items) {
    List<Object> listItems = items.stream()
        .<Object>map(item -> Map.of("type", "listItem", "content", List.of(paragraph(item))))
        .toList();
    return Map.of("type", "bulletList", "content", listItems);
  }

  private static Map<String, Object> text(String text) {
    // ADF rejects empty text nodes.
    return Map.of("type", "text", "text", text == null || text.isEmpty() ? "-" : text);
  }

  private static String duration(Long millis) {
    return millis == null ? "n/a" : Duration.ofMillis(millis).toString().substring(2).toLowerCase();
  }

  private static String orNobody(String who) {
    return who == null ? "nobody" : who;
  }
}
