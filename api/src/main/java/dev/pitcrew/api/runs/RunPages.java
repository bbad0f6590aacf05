package dev.pitcrew.api.runs;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.problem.ApiException;
import java.util.List;
import java.util.Locale;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's Runs pages: the runs index filtered by type and status (live), and a run's page with its input,
 * result and a timeline that grows as the run goes (the runs index announces each phase; the timeline is read from
 * Temporal's history as the REST API reads it), linking to the Temporal UI where one is configured.
 */
@Controller
@ConsolePage
class RunPages {
  private static final int PAGE_SIZE = 50;
  private static final List<String> STATUSES =
      List.of("RUNNING", "COMPLETED", "FAILED", "CANCELED", "TERMINATED", "TIMED_OUT");

  private final RunIndexQueries index;
  private final RunInspector inspector;
  private final RunTypes types;

  RunPages(RunIndexQueries index, RunInspector inspector, RunTypes types) {
    this.index = index;
    this.inspector = inspector;
    this.types = types;
  }

  @GetMapping("/runs")
  @PreAuthorize("@access.can('read')")
  String list(@RequestParam(required = false) String type, @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page, Model model) {
    fill(model, type, status, page);
    model.addAttribute("types", types.listableNames());
    model.addAttribute("statuses", STATUSES);
    return "console/runs";
  }

  @GetMapping("/runs/rows")
  @PreAuthorize("@access.can('read')")
  String rows(@RequestParam(required = false) String type, @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page, Model model) {
    fill(model, type, status, page);
    return "console/runs :: rows";
  }

  @GetMapping("/runs/{workflowId}")
  @PreAuthorize("@access.can('read')")
  String run(@PathVariable String workflowId, Model model) {
    fillRun(model, workflowId);
    return "console/run";
  }

  @GetMapping("/runs/{workflowId}/live")
  @PreAuthorize("@access.can('read')")
  String live(@PathVariable String workflowId, Model model) {
    fillRun(model, workflowId);
    return "console/run :: live";
  }

  private void fillRun(Model model, String workflowId) {
    model.addAttribute("run", inspector.details(workflowId));
    model.addAttribute("timeline", inspector.timeline(workflowId));
  }

  private void fill(Model model, String type, String status, int page) {
    String typeName = type == null || type.isBlank() ? null : type;
    String statusName = status == null || status.isBlank() ? null : status.toUpperCase(Locale.ROOT);
    if (statusName != null && !STATUSES.contains(statusName)) {
      throw ApiException.badField("status", "must be one of " + STATUSES);
    }
    if (page < 0) {
      throw ApiException.badField("page", "must be 0 or more");
    }
    List<RunSummary> rows = index.list(new RunFilter(typeName, statusName, null, null, page, PAGE_SIZE));
    model.addAttribute("runs", rows.size() > PAGE_SIZE ? rows.subList(0, PAGE_SIZE) : rows);
    model.addAttribute("hasNext", rows.size() > PAGE_SIZE);
    model.addAttribute("page", page);
    model.addAttribute("type", typeName);
    model.addAttribute("status", statusName);
  }
}
