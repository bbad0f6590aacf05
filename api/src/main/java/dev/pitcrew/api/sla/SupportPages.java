package dev.pitcrew.api.sla;

import dev.pitcrew.api.console.Chart;
import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.tickets.TicketQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's Support SLA pages: the board of open tickets (breached and at risk first) with countdowns to each
 * one's next deadline that tick in the browser and are re-read live when a ticket's clock changes, and the last
 * 30 days' compliance per priority and goal as a bar chart (drawn by uPlot in the browser from the numbers the
 * page embeds; the same numbers are in a table beside it).
 */
@Controller
@ConsolePage
class SupportPages {
  private static final int BOARD_LIMIT = 200;
  private static final Duration REPORT_PERIOD = Duration.ofDays(30);

  private final TicketQueries tickets;
  private final SlaReportQueries reports;
  private final Clock clock = Clock.systemUTC();

  SupportPages(TicketQueries tickets, SlaReportQueries reports) {
    this.tickets = tickets;
    this.reports = reports;
  }

  @GetMapping("/support")
  @PreAuthorize("@access.can('read')")
  String board(Model model) {
    model.addAttribute("tickets", open());
    Instant now = clock.instant();
    Map<String, Object> report = reports.report(now.minus(REPORT_PERIOD), now);
    List<Map<String, Object>> compliance = compliance(report);
    model.addAttribute("report", report);
    model.addAttribute("compliance", compliance);
    model.addAttribute("chart", chart(compliance));
    return "console/support";
  }

  @GetMapping("/support/tickets")
  @PreAuthorize("@access.can('read')")
  String ticketsFragment(Model model) {
    model.addAttribute("tickets", open());
    return "console/support :: tickets";
  }

  /** The tickets at risk or breached, for the Now page. */
  @GetMapping("/support/at-risk")
  @PreAuthorize("@access.can('read')")
  String atRisk(Model model) {
    model.addAttribute("tickets", open().stream()
        .filter(t -> "AT_RISK".equals(t.get("slaState")) || "BREACHED".equals(t.get("slaState"))).toList());
    return "console/support :: at-risk";
  }

  private List<Map<String, Object>> open() {
    return tickets.list(null, null, null, BOARD_LIMIT).stream()
        .filter(t -> !Boolean.TRUE.equals(t.get("resolved"))).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> compliance(Map<String, Object> report) {
    return (List<Map<String, Object>>) report.get("compliance");
  }

  /** One bar per priority and goal, in percent of the tickets whose clock met its goal. */
  static Chart chart(List<Map<String, Object>> compliance) {
    return new Chart("bars", "%", 100.0,
        compliance.stream().map(row -> row.get("priority") + " " + row.get("goal")).toList(),
        List.of(new Chart.Series("Compliance", "accent",
            compliance.stream().map(row -> ((Number) row.get("compliancePercent")).doubleValue()).toList())),
        List.of());
  }
}
