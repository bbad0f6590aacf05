package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's charts as the server renders them: each figure carries its numbers as JSON for uPlot (drawn by
 * {@code charts.js}) and the same numbers in a table, and the page loads uPlot and the script (files, never inline,
 * under the console's Content-Security-Policy). The records behind them are seeded with this test's own names and
 * removed afterwards.
 */
class ConsoleChartsTest extends SharedServerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);

  @Autowired JdbcClient jdbc;

  @Test
  void theComplianceReportIsABarPerPriorityAndGoalWithItsTable() {
    String priority = "Charts-" + suffix;
    try {
      records().outcomes(priority, 3, 1);
      String html = html("/support");
      JsonNode chart = chart(html, "compliance-chart");
      assertThat(chart.path("kind").asString()).isEqualTo("bars");
      assertThat(chart.path("yMax").asDouble()).isEqualTo(100.0);
      int at = labels(chart).indexOf(priority + " FIRST_RESPONSE");
      assertThat(at).as(chart.toString()).isNotNegative();
      assertThat(chart.path("series").get(0).path("values").get(at).asDouble()).isEqualTo(75.0);
      assertThat(html).contains("<td>" + priority + " FIRST_RESPONSE</td>", "<td>75.0%</td>",
          "class=\"chart-canvas\" aria-hidden=\"true\"", "/assets/charts.js").doesNotContain("<script>")
          .containsPattern("src=\"/webjars/uplot/[0-9.]+/dist/uPlot.iife.min.js\"")
          .containsPattern("href=\"/webjars/uplot/[0-9.]+/dist/uPlot.min.css\"");
    } finally {
      records().removeOutcomes(priority);
    }
  }

  @Test
  void aDrillsTrendIsItsRunsRtoAndRpoAgainstTheTargets() {
    String drill = "charts-" + suffix;
    HttpApi api = new HttpApi(port);
    assertThat(api.put("/api/v1/drills/" + drill, """
        {"target": {"kind": "pitcrew"}, "objectives": {"rtoMinutes": 5, "rpoMinutes": 60}}""").status())
        .isEqualTo(201);
    try {
      String before = html("/drills");
      assertThat(before).as("no runs, no chart").doesNotContain("id=\"trend-" + drill + "\"");
      records().drillRun(drill, 1, "PASSED", 120.0, 900.0, "2026-11-01T10:00:00Z");
      records().drillRun(drill, 2, "FAILED", null, null, "2026-11-02T10:00:00Z");
      records().drillRun(drill, 3, "PASSED", 420.0, 1200.0, "2026-11-03T10:30:00Z");

      String html = html("/drills");
      JsonNode chart = chart(html, "trend-" + drill);
      assertThat(chart.path("kind").asString()).isEqualTo("lines");
      assertThat(labels(chart)).containsExactly("11-01 10:00", "11-02 10:00", "11-03 10:30");
      JsonNode rto = chart.path("series").get(0);
      assertThat(rto.path("label").asString()).isEqualTo("RTO");
      assertThat(rto.path("values").toString()).as("a run that never restored is a gap")
          .isEqualTo("[120.0,null,420.0]");
      assertThat(chart.path("series").get(1).path("values").toString()).isEqualTo("[900.0,null,1200.0]");
      assertThat(chart.path("targets").toString()).contains("\"value\":300.0", "\"value\":3600.0");
      assertThat(html).contains("<td>420.0 s</td>", "<td>1200.0 s</td>", "/assets/charts.js");
    } finally {
      records().removeDrillRuns(drill);
      api.delete("/api/v1/drills/" + drill);
    }
  }

  @Test
  void theChartScriptsAreServedToAnyone() {
    HttpApi anonymous = new HttpApi(port, null);
    for (String asset : List.of("/assets/charts.js", "/webjars/uplot/dist/uPlot.iife.min.js",
        "/webjars/uplot/dist/uPlot.min.css")) {
      assertThat(anonymous.get(asset).status()).as(asset).isEqualTo(200);
    }
  }

  private String html(String path) {
    HttpApi.Response answer = new HttpApi(port).get(path, "Accept", "text/html");
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.text();
  }

  /** The JSON of the figure with this id, as the page carries it in {@code data-chart}. */
  private static JsonNode chart(String html, String figureId) {
    Matcher figure = Pattern.compile("<figure[^>]*data-chart=\"([^\"]*)\"[^>]*id=\"" + Pattern.quote(figureId)
        + "\"|<figure[^>]*id=\"" + Pattern.quote(figureId) + "\"[^>]*data-chart=\"([^\"]*)\"").matcher(html);
    assertThat(figure.find()).as("figure " + figureId + " in " + html).isTrue();
    String attribute = figure.group(1) != null ? figure.group(1) : figure.group(2);
    return JSON.readTree(HtmlUtils.htmlUnescape(attribute));
  }

  private static List<String> labels(JsonNode chart) {
    List<String> labels = new ArrayList<>();
    chart.path("labels").forEach(label -> labels.add(label.asString()));
    return labels;
  }

  private ChartRecords records() {
    return new ChartRecords(jdbc);
  }
}
