package dev.pitcrew.activities.remediation;

import dev.pitcrew.activities.analysis.PrometheusClient;
import dev.pitcrew.workflows.remediation.AlertFacts;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The Prometheus value behind an alert, in words for the timeline: what the rule reported when it fired (its
 * {@code value} annotation, the usual {@code {{ $value }}} template) and what its expression (the {@code g0.expr} of
 * the alert's generator URL, Prometheus' graph link) gives now, through the configured Prometheus.
 */
@Component
public class AlertValues {
  static final int MAX_SERIES_SHOWN = 5;

  private final PrometheusClient prometheus;

  public AlertValues(PrometheusClient prometheus) {
    this.prometheus = prometheus;
  }

  public List<String> describe(AlertFacts alert) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    String fired = alert.annotations().get("value");
    if (fired != null && !fired.isBlank()) {
      lines.add("Value that fired: " + fired.strip());
    }
    Optional<String> expression = expressionOf(alert.generatorUrl());
    if (expression.isEmpty()) {
      if (lines.isEmpty()) {
        lines.add("The alert carries no value (no `value` annotation) and no rule expression (generator URL)");
      }
      return lines;
    }
    try {
      List<Double> now = prometheus.query(expression.get());
      lines.add("Prometheus now: " + expression.get() + " = " + (now.isEmpty() ? "no series (the condition no longer "
          + "holds)" : now.stream().limit(MAX_SERIES_SHOWN).map(AlertValues::format).collect(Collectors.joining(", "))
          + (now.size() > MAX_SERIES_SHOWN ? " (" + now.size() + " series)" : "")));
    } catch (IOException unavailable) {
      lines.add("Prometheus could not be asked for " + expression.get() + ": " + unavailable.getMessage());
    }
    return lines;
  }

  /** The rule's expression from Prometheus' graph link ({@code …/graph?g0.expr=…&g0.tab=1}). */
  static Optional<String> expressionOf(String generatorUrl) {
    if (generatorUrl == null || generatorUrl.isBlank()) {
      return Optional.empty();
    }
    String query;
    try {
      query = URI.create(generatorUrl.strip()).getRawQuery();
    } catch (IllegalArgumentException notAUrl) {
      return Optional.empty();
    }
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("g0.expr=")) {
        String expr = URLDecoder.decode(pair.substring("g0.expr=".length()), StandardCharsets.UTF_8).strip();
        return expr.isEmpty() ? Optional.empty() : Optional.of(expr);
      }
    }
    return Optional.empty();
  }

  private static String format(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value) ? String.valueOf((long) value)
        : String.valueOf(Math.round(value * 1000) / 1000.0);
  }
}
