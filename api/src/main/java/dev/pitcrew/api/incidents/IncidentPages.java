package dev.pitcrew.api.incidents;

import dev.pitcrew.api.console.BoardPage;
import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.console.LiveTopics;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.security.Access;
import dev.pitcrew.workflows.incident.Acknowledge;
import dev.pitcrew.workflows.incident.ChangeSeverity;
import dev.pitcrew.workflows.incident.Escalate;
import dev.pitcrew.workflows.incident.Note;
import dev.pitcrew.workflows.incident.Resolve;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's Incidents pages: the board, the open incidents the Now page shows (each with Acknowledge and
 * Resolve two taps away), and an incident's page with its timeline and links. Every button goes through
 * {@link IncidentCommands}, the same Workflow Updates the REST API sends, as the signed-in person; a refusal (already
 * acknowledged, already resolved) shows the workflow's reason.
 *
 * <p>The board and the Now page read the {@code incidents} table only (the workflow records its level and next
 * escalation there), so a render costs one query however many incidents are open; only one incident's own page asks
 * its workflow.
 */
@Controller
@ConsolePage
class IncidentPages {
  static final String SOURCE = "console";
  /** Cards a board shows at first, and how many more each "Show more" adds. */
  private static final int BOARD_PAGE = 25;
  /** The most cards a board shows, however far someone asks. */
  private static final int BOARD_MAX = 500;

  private final IncidentTable table;
  private final IncidentInspector inspector;
  private final IncidentCommands commands;
  private final Access access;

  IncidentPages(IncidentTable table, IncidentInspector inspector, IncidentCommands commands, Access access) {
    this.table = table;
    this.inspector = inspector;
    this.commands = commands;
    this.access = access;
  }

  /** The open incidents a board shows, the most urgent first, and how many of them ({@code page}). */
  record OpenIncidents(List<IncidentView> cards, int unacknowledged, BoardPage page, String service) {}

  @GetMapping("/incidents")
  @PreAuthorize("@access.can('read')")
  String board(@RequestParam(required = false) String service, @RequestParam(required = false) Integer shown,
      Model model) {
    String serviceName = fillOpen(model, service, shown);
    model.addAttribute("recent", table.list(new IncidentTable.Filter("RESOLVED", serviceName, null), 20).stream()
        .map(row -> IncidentView.of(row, null)).toList());
    return "console/incidents";
  }

  /** The open and acknowledged incidents, as a fragment (the Now page and the board refresh it live). */
  @GetMapping("/incidents/open")
  @PreAuthorize("@access.can('read')")
  String open(@RequestParam(required = false) String service, @RequestParam(required = false) Integer shown,
      Model model) {
    fillOpen(model, service, shown);
    return "console/incidents :: open";
  }

  @GetMapping("/incidents/{incidentId}")
  @PreAuthorize("@access.can('read')")
  String page(@PathVariable String incidentId, Model model) {
    fillIncident(model, incidentId);
    return "console/incident";
  }

  @GetMapping("/incidents/{incidentId}/detail")
  @PreAuthorize("@access.can('read')")
  String detail(@PathVariable String incidentId, Model model) {
    fillIncident(model, incidentId);
    return "console/incident :: detail";
  }

  @PostMapping("/incidents/{incidentId}/acknowledge")
  @PreAuthorize("@access.can('incident.ack')")
  String acknowledge(@PathVariable String incidentId, Model model, HttpServletResponse response) {
    commands.acknowledge(incidentId, new Acknowledge(access.identity(), SOURCE));
    return done("Acknowledged " + incidentId + " as " + access.identity(), model, response);
  }

  @PostMapping("/incidents/{incidentId}/resolve")
  @PreAuthorize("@access.can('incident.resolve')")
  String resolve(@PathVariable String incidentId, @RequestParam(required = false) String summary, Model model,
      HttpServletResponse response) {
    commands.resolve(incidentId, new Resolve(access.identity(), SOURCE, bounded("summary", summary, 4000),
        List.of()));
    return done("Resolved " + incidentId, model, response);
  }

  @PostMapping("/incidents/{incidentId}/escalate")
  @PreAuthorize("@access.can('incident.escalate')")
  String escalate(@PathVariable String incidentId, @RequestParam(required = false) String reason, Model model,
      HttpServletResponse response) {
    commands.escalate(incidentId, new Escalate(access.identity(), SOURCE, bounded("reason", reason, 500)));
    return done("Escalated " + incidentId, model, response);
  }

  @PostMapping("/incidents/{incidentId}/severity")
  @PreAuthorize("@access.can('incident.severity')")
  String severity(@PathVariable String incidentId, @RequestParam(required = false) String severity,
      @RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
    if (severity == null || !SeverityNames.valid(severity)) {
      throw ApiException.badField("severity", SeverityNames.MESSAGE);
    }
    commands.changeSeverity(incidentId, new ChangeSeverity(access.identity(), SOURCE, SeverityNames.parse(severity),
        bounded("reason", reason, 500)));
    return done("Severity of " + incidentId + " is now " + severity, model, response);
  }

  @PostMapping("/incidents/{incidentId}/notes")
  @PreAuthorize("@access.can('incident.note')")
  String note(@PathVariable String incidentId, @RequestParam(required = false) String text, Model model,
      HttpServletResponse response) {
    if (text == null || text.isBlank()) {
      throw ApiException.badField("text", "must not be blank");
    }
    commands.note(incidentId, new Note(access.identity(), SOURCE, bounded("text", text, 4000)));
    return done("Note added to " + incidentId, model, response);
  }

  private static String done(String what, Model model, HttpServletResponse response) {
    model.addAttribute("done", what);
    response.setHeader(LiveTopics.HX_TRIGGER, LiveTopics.INCIDENTS);
    return "console/fragments :: done";
  }

  /** @return the service filter, validated (null for every service) */
  private String fillOpen(Model model, String service, Integer shown) {
    String serviceName = service == null || service.isBlank() ? null : service.trim();
    if (serviceName != null && !ServiceNames.valid(serviceName)) {
      throw ApiException.badField("service", ServiceNames.MESSAGE);
    }
    int limit = BoardPage.requested(shown, BOARD_PAGE, BOARD_MAX);
    IncidentTable.Unresolved open = table.unresolved(serviceName, limit);
    model.addAttribute("board", new OpenIncidents(open.rows().stream().map(row -> IncidentView.of(row, null)).toList(),
        open.unacknowledged(), new BoardPage(limit, open.total(), BOARD_PAGE, BOARD_MAX), serviceName));
    return serviceName;
  }

  private void fillIncident(Model model, String incidentId) {
    model.addAttribute("i", inspector.view(incidentId));
    model.addAttribute("timeline", inspector.timeline(incidentId));
  }

  private static String bounded(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > max) {
      throw ApiException.badField(field, "must be at most " + max + " characters");
    }
    return value.trim();
  }
}
