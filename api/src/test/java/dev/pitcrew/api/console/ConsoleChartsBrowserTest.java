package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's charts in a real browser (headless Debian chromium): uPlot draws the SLA compliance chart and a
 * drill's trend onto a canvas under the console's Content-Security-Policy (a blocked script would leave the figure
 * without one), in the light and the dark theme, on a desktop and on a phone, and the pages stay clean in axe-core's
 * scan. Part of {@code ./pitcrew test}.
 */
class ConsoleChartsBrowserTest extends SharedServerTest {
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);

  @Autowired JdbcClient jdbc;

  @Test
  void uPlotDrawsEveryChartInBothThemesAndOnAPhone() {
    String name = "charts-browser-" + suffix;
    String password = "charts-browser-password-" + suffix;
    HttpApi rest = new HttpApi(port);
    assertThat(rest.post("/api/v1/users", """
        {"username": "%s", "password": "%s", "roles": ["admin"]}""".formatted(name, password)).status())
        .isEqualTo(201);
    assertThat(rest.put("/api/v1/drills/" + name, """
        {"target": {"kind": "pitcrew"}, "objectives": {"rtoMinutes": 5, "rpoMinutes": 60}}""").status())
        .isEqualTo(201);
    try {
      seed(name);
      try (ConsolePerson person = new ConsolePerson(Chromium.start(Chromium.DESKTOP), "http://localhost:" + port,
          name)) {
        person.signInAndEnrol(password, new Screenshots(), "charts");
        assertDrawn(person, "/support", "#compliance-chart");
        assertDrawn(person, "/drills", "#trend-" + name);
        Accessibility.assertAccessible(person.driver, "the Drills page with a chart");
        person.driver.executeCdpCommand("Emulation.setEmulatedMedia",
            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        assertDrawn(person, "/support", "#compliance-chart");
        Accessibility.assertAccessible(person.driver, "the Support page with its chart, dark theme");
        person.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", Chromium.PHONE.width,
            "height", Chromium.PHONE.height, "deviceScaleFactor", 1, "mobile", true));
        long width = assertDrawn(person, "/drills", "#trend-" + name);
        assertThat(width).as("the chart fits a phone's width").isLessThanOrEqualTo(Chromium.PHONE.width);
      }
    } finally {
      new ChartRecords(jdbc).removeOutcomes(name);
      new ChartRecords(jdbc).removeDrillRuns(name);
      rest.delete("/api/v1/drills/" + name);
    }
  }

  /** @return the width of the canvas uPlot drew */
  private static long assertDrawn(ConsolePerson person, String path, String figure) {
    person.open(path);
    WebElement canvas = person.find(figure + "[data-drawn='uplot'] .chart-canvas canvas");
    Object painted = ((JavascriptExecutor) person.driver).executeScript("""
        var c = arguments[0], d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { return true; } }
        return false;""", canvas);
    assertThat(painted).as(path + ": something was drawn on the canvas").isEqualTo(true);
    return ((Number) ((JavascriptExecutor) person.driver).executeScript("return arguments[0].clientWidth;", canvas))
        .longValue();
  }

  private void seed(String name) {
    ChartRecords records = new ChartRecords(jdbc);
    records.outcomes(name, 3, 1);
    for (int n = 0; n < 3; n++) {
      String startedAt = Instant.now().minus(Duration.ofDays(3 - n)).toString();
      records.drillRun(name, n, "PASSED", 100.0 + 50 * n, 900.0, startedAt);
    }
  }
}
