package dev.pitcrew.api.remediation;

import dev.pitcrew.api.incidents.ServiceNames;
import dev.pitcrew.api.problem.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/alerts/quality?window=7d&service=…}: the alert-quality report (see {@link AlertQualityReport}). */
@RestController
class AlertQualityController {
  static final Duration LONGEST_WINDOW = Duration.ofDays(90);

  private final AlertQualityReport report;
  private final AlertQualityProperties goals;
  private final Clock clock = Clock.systemUTC();

  AlertQualityController(AlertQualityReport report, AlertQualityProperties goals) {
    this.report = report;
    this.goals = goals;
  }

  @GetMapping("/api/v1/alerts/quality")
  @PreAuthorize("@access.can('read')")
  Map<String, Object> quality(@RequestParam(defaultValue = "7d") String window,
      @RequestParam(required = false) String service) {
    Duration span = parse(window);
    if (service != null && !ServiceNames.valid(service)) {
      throw ApiException.badField("service", ServiceNames.MESSAGE);
    }
    Instant to = clock.instant();
    Instant from = to.minus(span);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("from", from);
    answer.put("to", to);
    answer.put("quickClear", AlertQualityReport.QUICK_CLEAR.toString());
    answer.put("flapWindow", AlertQualityReport.FLAP_WINDOW.toString());
    List<AlertQualityReport.Row> rows = report.compute(from, to, service);
    answer.put("summary", AlertQualityReport.summarize(rows, goals));
    answer.put("alerts", rows);
    return answer;
  }

  static Duration parse(String window) {
    if (window == null || !window.matches("[1-9][0-9]{0,4}[mhd]")) {
      throw ApiException.badField("window", "must be a number and a unit m, h or d, e.g. 30m, 24h or 7d");
    }
    long amount = Long.parseLong(window.substring(0, window.length() - 1));
    Duration span = switch (window.charAt(window.length() - 1)) {
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
    if (span.compareTo(LONGEST_WINDOW) > 0) {
      throw ApiException.badField("window", "must be at most 90d");
    }
    return span;
  }
}
