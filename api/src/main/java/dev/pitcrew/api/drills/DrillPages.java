package dev.pitcrew.api.drills;

import dev.pitcrew.activities.drill.DrillDefinitionStore;
import dev.pitcrew.api.console.Chart;
import dev.pitcrew.api.console.ConsolePage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's Drills page: every drill with its latest runs and the RTO and RPO trend against its targets (drawn
 * by uPlot in the browser from the numbers the page embeds, which a table beside it also shows). Failing drills (the
 * latest run failed) also show on the Now page.
 */
@Controller
@ConsolePage
class DrillPages {
  private static final int TREND_RUNS = 20;
  private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final DrillDefinitionStore definitions;
  private final DrillRuns runs;

  DrillPages(DrillDefinitionStore definitions, DrillRuns runs) {
    this.definitions = definitions;
    this.runs = runs;
  }

  /** One drill as the page shows it; {@code trend} is its runs' RTO and RPO, oldest first, drawn as {@code chart}. */
  record Drill(String name, String description, Integer rtoTargetMinutes, Integer rpoTargetMinutes,
      List<Map<String, Object>> recent, List<Map<String, Object>> trend, Chart chart, String latestStatus) {}

  @GetMapping("/drills")
  @PreAuthorize("@access.can('drills.read')")
  String page(Model model) {
    List<Drill> drills = drills();
    model.addAttribute("drills", drills);
    model.addAttribute("anyTrend", drills.stream().anyMatch(d -> !d.trend().isEmpty()));
    return "console/drills";
  }

  @GetMapping("/drills/failing")
  @PreAuthorize("@access.can('drills.read')")
  String failing(Model model) {
    model.addAttribute("drills", drills().stream().filter(d -> "FAILED".equals(d.latestStatus())).toList());
    return "console/drills :: failing";
  }

  @SuppressWarnings("unchecked")
  private List<Drill> drills() {
    List<Drill> drills = new ArrayList<>();
    for (var stored : definitions.list()) {
      var definition = stored.definition();
      Map<String, Object> history = runs.history(definition.name(), TREND_RUNS);
      List<Map<String, Object>> items = (List<Map<String, Object>>) history.get("items");
      List<Map<String, Object>> trend = (List<Map<String, Object>>) history.get("trend");
      Integer rtoMinutes = definition.objectives() == null ? null : definition.objectives().rtoMinutes();
      Integer rpoMinutes = definition.objectives() == null ? null : definition.objectives().rpoMinutes();
      drills.add(new Drill(definition.name(), definition.description(), rtoMinutes, rpoMinutes,
          items.stream().limit(5).toList(), trend, chart(trend, rtoMinutes, rpoMinutes),
          items.isEmpty() ? null : String.valueOf(items.getFirst().get("status"))));
    }
    return drills;
  }

  /** RTO and RPO per run in seconds, labelled by start (UTC), with each target that is set as a dashed line. */
  static Chart chart(List<Map<String, Object>> trend, Integer rtoMinutes, Integer rpoMinutes) {
    List<Chart.Target> targets = new ArrayList<>();
    if (rtoMinutes != null) {
      targets.add(new Chart.Target("RTO target", "accent", rtoMinutes * 60.0));
    }
    if (rpoMinutes != null) {
      targets.add(new Chart.Target("RPO target", "warn", rpoMinutes * 60.0));
    }
    return new Chart("lines", " s", null,
        trend.stream().map(point -> point.get("startedAt") instanceof Instant at ? LABEL.format(at) : "").toList(),
        List.of(new Chart.Series("RTO", "accent", seconds(trend, "rtoSeconds")),
            new Chart.Series("RPO", "warn", seconds(trend, "rpoSeconds"))),
        targets);
  }

  private static List<Double> seconds(List<Map<String, Object>> trend, String key) {
    // Arrays.asList: a run without a measurement is a gap (null), which List.of would refuse.
    return Arrays.asList(trend.stream()
        .map(point -> point.get(key) instanceof Number n ? n.doubleValue() : null).toArray(Double[]::new));
  }
}
