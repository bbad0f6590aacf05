package dev.pitcrew.activities.remediation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pitcrew.activities.analysis.PrometheusClient;
import dev.pitcrew.workflows.remediation.AlertFacts;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The value that fired, from the alert's annotation and its rule's expression asked of Prometheus (WireMock). */
class AlertValuesTest {
  static final String EXPR = "sum(rate(game_server_oom_kills_total{service=\"arena\"}[5m])) > 0";
  static final String GRAPH_LINK = "http://prometheus:9090/graph?g0.expr="
      + "sum%28rate%28game_server_oom_kills_total%7Bservice%3D%22arena%22%7D%5B5m%5D%29%29+%3E+0&g0.tab=1";

  private WireMockServer prometheus;
  private AlertValues values;

  @BeforeEach
  void start() {
    prometheus = new WireMockServer(options().dynamicPort());
    prometheus.start();
    values = new AlertValues(new PrometheusClient(HttpClient.newHttpClient(), prometheus.baseUrl(),
        Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    prometheus.stop();
  }

  private static AlertFacts alert(Map<String, String> annotations, String generatorUrl) {
    return new AlertFacts("GameServerOOMKilled", "fp-1", "arena OOM", Map.of("service", "arena"), annotations,
        generatorUrl);
  }

  @Test
  void theFiredValueAndTheRuleExpressionAskedOfPrometheusNow() throws Exception {
    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson("""
        {"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"service":"arena"},"value":[1764500000,"0.4166666666"]}]}}""")));

    assertThat(values.describe(alert(Map.of("value", "0.5", "summary", "arena OOM"), GRAPH_LINK))).containsExactly(
        "Value that fired: 0.5",
        "Prometheus now: " + EXPR + " = 0.417");
    prometheus.verify(getRequestedFor(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo(EXPR)));
  }

  @Test
  void anEmptyAnswerMeansTheConditionNoLongerHoldsAndPrometheusTroubleIsSaidNotThrown() throws Exception {
    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson("""
        {"status":"success","data":{"resultType":"vector","result":[]}}""")));
    assertThat(values.describe(alert(Map.of(), GRAPH_LINK)))
        .containsExactly("Prometheus now: " + EXPR + " = no series (the condition no longer holds)");

    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(422).withBody("""
        {"status":"error","errorType":"bad_data","error":"parse error"}""")));
    assertThat(values.describe(alert(Map.of(), GRAPH_LINK))).singleElement().asString()
        .startsWith("Prometheus could not be asked for " + EXPR + ": Prometheus answered HTTP 422: bad_data");

    assertThat(values.describe(alert(Map.of(), "http://prometheus:9090/alerts"))).containsExactly(
        "The alert carries no value (no `value` annotation) and no rule expression (generator URL)");
  }
}
