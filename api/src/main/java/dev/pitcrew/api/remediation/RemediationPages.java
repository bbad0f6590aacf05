package dev.pitcrew.api.remediation;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.runs.RunFilter;
import dev.pitcrew.api.runs.RunIndexQueries;
import dev.pitcrew.api.runs.RunSummary;
import dev.pitcrew.workflows.remediation.RemediationWorkflow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's Remediation page: recent remediation runs (live), those waiting for someone's approval (also on
 * the Now page), and the last week's alert-quality report with its suggestions.
 */
@Controller
@ConsolePage
class RemediationPages {
  static final String AWAITING_APPROVAL = "AwaitingApproval";
  private static final Duration REPORT_PERIOD = Duration.ofDays(7);

  private final RunIndexQueries runs;
  private final AlertQualityReport quality;
  private final Clock clock = Clock.systemUTC();

  RemediationPages(RunIndexQueries runs, AlertQualityReport quality) {
    this.runs = runs;
    this.quality = quality;
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
