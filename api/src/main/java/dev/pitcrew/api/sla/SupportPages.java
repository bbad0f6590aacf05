package dev.pitcrew.api.sla;

import dev.pitcrew.api.console.BoardPage;
import dev.pitcrew.api.console.Chart;
import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.problem.ApiException;
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
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's Support SLA pages: the board of open tickets (breached and at risk first, a page of them at first
 * and more on request) with countdowns to each one's next deadline that tick in the browser and are re-read live
 * when a ticket's clock changes, and the last 30 days' compliance per priority and goal as a bar chart (drawn by
 * uPlot in the browser from the numbers the page embeds; the same numbers are in a table beside it).
 */
@Controller
@ConsolePage
class SupportPages {
  /** Tickets a board shows at first, and how many more each "Show more" adds. */
  private static final int BOARD_PAGE = 50;
  private static final int BOARD_MAX = 1000;
  /** At risk or breached tickets the Now page lists; the rest are on the board. */
  private static final int NOW_LIMIT = 25;
  private static final Duration REPORT_PERIOD = Duration.ofDays(30);

  private final TicketQueries tickets;
  private final SlaReportQueries reports;
  private final Clock clock = Clock.systemUTC();

  SupportPages(TicketQueries tickets, SlaReportQueries reports) {
    this.tickets = tickets;
    this.reports = reports;
  }

  /** The open tickets a board shows, breached and at risk first, with how many there are of each. */
  record OpenTickets(List<Map<String, Object>> tickets, TicketQueries.OpenCounts counts, BoardPage page,
      String queue) {}

  @GetMapping("/support")
  @PreAuthorize("@access.can('read')")
  String board(@RequestParam(required = false) String queue, @RequestParam(required = false) Integer shown,
      Model model) {
    model.addAttribute("board", open(queue, BoardPage.requested(shown, BOARD_PAGE, BOARD_MAX)));
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
  String ticketsFragment(@RequestParam(required = false) String queue, @RequestParam(required = false) Integer shown,
      Model model) {
    model.addAttribute("board", open(queue, BoardPage.requested(shown, BOARD_PAGE, BOARD_MAX)));
    return "console/support :: tickets";
  }

  /** The most urgent tickets at risk or breached, for the Now page, with how many there are. */
  @GetMapping("/support/at-risk")
  @PreAuthorize("@access.can('read')")
  String atRisk(Model model) {
    OpenTickets open = open(null, NOW_LIMIT);
    model.addAttribute("board", new OpenTickets(open.tickets().stream()
        .filter(t -> "AT_RISK".equals(t.get("slaState")) || "BREACHED".equals(t.get("slaState"))).toList(),
        open.counts(), open.page(), null));
    return "console/support :: at-risk";
  }

  /** @param queue only this queue's tickets, or null (or blank) for every queue */
  private OpenTickets open(String queue, int shown) {
    String queueName = queue == null || queue.isBlank() ? null : queue.trim();
    if (queueName != null && queueName.length() > 100) {
      throw ApiException.badField("queue", "must be at most 100 characters");
    }
    TicketQueries.OpenCounts counts = tickets.openCounts(queueName);
    List<Map<String, Object>> rows = tickets.list(queueName, null, null, shown).stream()
        .filter(t -> !Boolean.TRUE.equals(t.get("resolved"))).toList();
    return new OpenTickets(rows, counts, new BoardPage(shown, counts.open(), BOARD_PAGE, BOARD_MAX), queueName);
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
