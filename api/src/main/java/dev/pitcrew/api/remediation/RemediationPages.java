package dev.pitcrew.api.remediation;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.console.LiveTopics;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RunFilter;
import dev.pitcrew.api.runs.RunIndexQueries;
import dev.pitcrew.api.runs.RunSummary;
import dev.pitcrew.workflows.remediation.ApprovalOutcome;
import dev.pitcrew.workflows.remediation.RemediationWorkflow;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's Remediation page: recent remediation runs (live), those waiting for someone's approval (also on
 * the Now page, with Approve and Reject through {@link RemediationDecisions}, the REST API's Update), and the last
 * week's alert-quality report with its suggestions.
 */
@Controller
@ConsolePage
class RemediationPages {
  static final String AWAITING_APPROVAL = "AwaitingApproval";
  private static final Duration REPORT_PERIOD = Duration.ofDays(7);

  private final RunIndexQueries runs;
  private final AlertQualityReport quality;
  private final RemediationDecisions decisions;
  private final Clock clock = Clock.systemUTC();

  RemediationPages(RunIndexQueries runs, AlertQualityReport quality, RemediationDecisions decisions) {
    this.runs = runs;
    this.quality = quality;
    this.decisions = decisions;
  }

  /** Approve or reject a remediation waiting for a person, with the reason typed in the confirmation. */
  @PostMapping("/remediation/{workflowId}/{decision:approve|reject}")
  @PreAuthorize("@access.can('remediation.approve')")
  String decide(@PathVariable String workflowId, @PathVariable String decision,
      @RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
    if (reason != null && reason.length() > 2000) {
      throw ApiException.badField("reason", "must be at most 2000 characters");
    }
    ApprovalOutcome outcome = decisions.decide(workflowId, "approve".equals(decision),
        reason == null || reason.isBlank() ? null : reason.trim());
    model.addAttribute("done", (outcome.approved() ? "Approved " : "Rejected ") + workflowId + " as " + outcome.by()
        + "; now " + outcome.phase());
    response.setHeader(LiveTopics.HX_TRIGGER, LiveTopics.RUNS);
    return "console/fragments :: done";
  }

  @GetMapping("/remediation")
  @PreAuthorize("@access.can('read')")
  String page(Model model) {
    model.addAttribute("runs", recent());
    Instant now = clock.instant();
    model.addAttribute("quality", quality.compute(now.minus(REPORT_PERIOD), now, null));
    return "console/remediation";
  }

  @GetMapping("/remediation/runs")
  @PreAuthorize("@access.can('read')")
  String runsFragment(Model model) {
    model.addAttribute("runs", recent());
    return "console/remediation :: runs";
  }

  @GetMapping("/remediation/awaiting")
  @PreAuthorize("@access.can('read')")
  String awaiting(Model model) {
    model.addAttribute("runs", runs.list(new RunFilter(RemediationWorkflow.RUN_TYPE, "RUNNING", null, null, 0, 50))
        .stream().filter(r -> AWAITING_APPROVAL.equals(r.phase())).toList());
    return "console/remediation :: awaiting";
  }

  private List<RunSummary> recent() {
    List<RunSummary> rows = runs.list(new RunFilter(RemediationWorkflow.RUN_TYPE, null, null, null, 0, 50));
    return rows.size() > 50 ? rows.subList(0, 50) : rows;
  }
}
