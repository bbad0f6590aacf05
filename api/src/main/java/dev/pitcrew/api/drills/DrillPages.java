package dev.pitcrew.api.drills;

import dev.pitcrew.activities.drill.DrillDefinitionStore;
import dev.pitcrew.api.console.ConsolePage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's Drills page: every drill with its latest runs and the RTO trend against its target, drawn on the
 * server as SVG. Failing drills (the latest run failed) also show on the Now page.
 */
@Controller
@ConsolePage
class DrillPages {
  private static final int TREND_RUNS = 20;

  private final DrillDefinitionStore definitions;
  private final DrillRuns runs;

  DrillPages(DrillDefinitionStore definitions, DrillRuns runs) {
    this.definitions = definitions;
    this.runs = runs;
  }

  /** One drill as the page shows it; {@code points} are the RTO trend's bars, oldest first. */
  record Drill(String name, String description, Integer rtoTargetMinutes, Integer rpoTargetMinutes,
      List<Map<String, Object>> recent, List<Point> points, int targetY, String latestStatus) {}

  /** One bar of the RTO trend (seconds, scaled to the chart's 100-unit height). */
  record Point(int x, int height, long rtoSeconds, String status) {}

  @GetMapping("/drills")
  @PreAuthorize("@access.can('drills.read')")
  String page(Model model) {
    model.addAttribute("drills", drills());
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
      long target = rtoMinutes == null ? 0 : rtoMinutes * 60L;
      long max = Math.max(target, trend.stream().mapToLong(p -> p.get("rtoSeconds") instanceof Number n
          ? n.longValue() : 0).max().orElse(0));
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < trend.size(); i++) {
        long rto = trend.get(i).get("rtoSeconds") instanceof Number n ? n.longValue() : 0;
        points.add(new Point(10 + i * 14, max == 0 ? 0 : (int) (100 * rto / max), rto,
            String.valueOf(trend.get(i).get("status"))));
      }
      drills.add(new Drill(definition.name(), definition.description(), rtoMinutes,
          definition.objectives() == null ? null : definition.objectives().rpoMinutes(), items.stream().limit(5)
          .toList(), points, max == 0 ? 110 : (int) (110 - 100 * target / max),
          items.isEmpty() ? null : String.valueOf(items.getFirst().get("status"))));
    }
    return drills;
  }
}
