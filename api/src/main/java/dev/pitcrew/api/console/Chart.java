package dev.pitcrew.api.console;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chart as the console's script draws it (uPlot, from the figure's {@code data-chart} attribute): one label per
 * point on the x axis, one or more series of values (null where a point has no value), dashed target lines, and
 * the unit its axis is read in. The page shows the same numbers in a table beside it.
 *
 * @param kind {@code bars} or {@code lines}
 * @param yMax the top of the value axis, or null to fit the values and targets
 * @param color of a series or target: the name of one of the stylesheet's colours ({@code accent}, {@code warn},
 *     {@code bad}), so the chart follows the light or dark theme
 */
public record Chart(String kind, String unit, Double yMax, List<String> labels, List<Series> series,
    List<Target> targets) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public record Series(String label, String color, List<Double> values) {}

  public record Target(String label, String color, double value) {}

  /** The chart as the {@code data-chart} attribute carries it. */
  public String json() {
    return JSON.writeValueAsString(this);
  }
}
