package dev.pitcrew.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.HttpApi.Response;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reading the answers tests check again and again: pages, the PagerDuty outbox, SLA goals, a drill's first report.
 */
public final class ApiReads {
  private ApiReads() {}

  /** Fails with the answer's body unless it is 200 or 201. */
  public static void ok(Response response) {
    assertThat(response.status()).as(response.text()).isIn(200, 201);
  }

  /** The {@code items} of a page. */
  public static List<JsonNode> items(JsonNode page) {
    return page.get("items").valueStream().toList();
  }

  /** Every PagerDuty trigger Pitcrew sent, or would have sent (the outbox). */
  public static List<JsonNode> pagerDutyTriggers(HttpApi api) {
    return items(api.get("/api/v1/outbox?integration=pagerduty&limit=500").body()).stream()
        .filter(e -> e.get("operation").asString().equals("trigger"))
        .toList();
  }

  /** One SLA goal ({@code FIRST_RESPONSE}, {@code RESOLUTION}) of a ticket as its GET answer shows it. */
  public static JsonNode goal(JsonNode ticket, String goal) {
    return ticket.get("sla").get("goals").valueStream()
        .filter(g -> g.get("goal").asString().equals(goal)).findFirst().orElseThrow();
  }

  /** The newest report of a drill, once its first run has ended (within 90 s: a restore on a busy machine). */
  public static JsonNode firstDrillRun(HttpApi api, String drill) {
    return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> api.get("/api/v1/drills/" + drill + "/runs").body().path("items"), runs -> !runs.isEmpty())
        .get(0);
  }
}
