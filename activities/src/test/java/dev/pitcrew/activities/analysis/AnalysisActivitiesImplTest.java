package dev.pitcrew.activities.analysis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pitcrew.workflows.deploy.AnalysisMetric;
import dev.pitcrew.workflows.deploy.Colour;
import dev.pitcrew.workflows.deploy.HttpSmokeCheck;
import dev.pitcrew.workflows.deploy.Measurement;
import dev.pitcrew.workflows.deploy.MeasurementPhase;
import dev.pitcrew.workflows.deploy.MeasurementRequest;
import dev.pitcrew.workflows.deploy.MeasurementTarget;
import dev.pitcrew.workflows.deploy.PrometheusQuery;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalysisActivitiesImplTest {
  private static final MeasurementTarget PREVIEW =
      new MeasurementTarget("game-api", "staging", "game-api-preview", Colour.GREEN);
  private static final String ERROR_RATE =
      "sum(rate(http_errors{app=\"{{service}}\",namespace=\"{{environment}}\",colour=\"{{colour}}\"}[5m]))";

  private WireMockServer wiremock;
  private AnalysisActivitiesImpl analysis;

  @BeforeEach
  void start() {
    wiremock = new WireMockServer(options().dynamicPort());
    wiremock.start();
    HttpClient http = HttpClient.newHttpClient();
    analysis = new AnalysisActivitiesImpl(
        new PrometheusClient(http, wiremock.baseUrl() + "/", Duration.ofSeconds(2)),
        new HttpSmokeChecker(http, wiremock.baseUrl() + "/svc/{namespace}/{serviceName}", Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    wiremock.stop();
  }

  @Test
  void queriesPrometheusWithTheDeploymentFilledInAndJudgesTheSample() {
    prometheusAnswers(vector("0.002"));

    Measurement measurement = analysis.measure(prometheus("result[0] < 0.01", "result[0] > 0.05"));

    assertThat(measurement.phase()).isEqualTo(MeasurementPhase.SUCCESSFUL);
    assertThat(measurement.value()).isEqualTo("[0.002]");
    wiremock.verify(getRequestedFor(urlPathEqualTo("/api/v1/query")).withQueryParam("query",
        equalTo("sum(rate(http_errors{app=\"game-api\",namespace=\"staging\",colour=\"green\"}[5m]))")));
  }

  @Test
  void theFailureConditionWins() {
    prometheusAnswers(vector("0.2"));

    assertThat(analysis.measure(prometheus("result[0] < 0.01", "result[0] > 0.05")).phase())
        .isEqualTo(MeasurementPhase.FAILED);
  }

  @Test
  void neitherConditionHoldingIsInconclusive() {
    prometheusAnswers(vector("0.03"));

    Measurement measurement = analysis.measure(prometheus("result[0] < 0.01", "result[0] > 0.05"));

    assertThat(measurement.phase()).isEqualTo(MeasurementPhase.INCONCLUSIVE);
    assertThat(measurement.message()).contains("neither");
  }

  @Test
  void aLoneSuccessConditionThatDoesNotHoldFails() {
    prometheusAnswers(vector("0.03"));

    assertThat(analysis.measure(prometheus("result < 0.01", null)).phase()).isEqualTo(MeasurementPhase.FAILED);
  }

  @Test
  void aLoneFailureConditionThatDoesNotHoldSucceeds() {
    prometheusAnswers("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000.5,\"12\"]}}");

    assertThat(analysis.measure(prometheus(null, "result > 100")).phase()).isEqualTo(MeasurementPhase.SUCCESSFUL);
  }

  @Test
  void noSamplesOrAPrometheusErrorIsAMeasurementError() {
    prometheusAnswers("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    assertThat(analysis.measure(prometheus("result < 1", null)).phase()).isEqualTo(MeasurementPhase.ERROR);

    wiremock.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 4\"}")));
    Measurement badQuery = analysis.measure(prometheus("result < 1", null));
    assertThat(badQuery.phase()).isEqualTo(MeasurementPhase.ERROR);
    assertThat(badQuery.message()).contains("400", "bad_data", "parse error at char 4");
  }

  @Test
  void smokeCheckAgainstThePreviewService() {
    wiremock.stubFor(get("/svc/staging/game-api-preview/healthz").willReturn(okJson("{\"status\":\"UP\"}")));

    Measurement up = analysis.measure(smoke(new HttpSmokeCheck("/healthz", null, "\"UP\"")));

    assertThat(up.phase()).isEqualTo(MeasurementPhase.SUCCESSFUL);
    assertThat(up.value()).isEqualTo("200");
  }

  @Test
  void smokeCheckFailsOnTheWrongStatusOrBody() {
    wiremock.stubFor(get("/svc/staging/game-api-preview/healthz").willReturn(aResponse().withStatus(503)));
    wiremock.stubFor(get("/svc/staging/game-api-preview/version").willReturn(okJson("{\"version\":\"1.4.0\"}")));

    Measurement unavailable = analysis.measure(smoke(new HttpSmokeCheck("/healthz", null, null)));
    Measurement wrongVersion = analysis.measure(smoke(new HttpSmokeCheck("/version", 200, "1.5.0")));

    assertThat(unavailable.phase()).isEqualTo(MeasurementPhase.FAILED);
    assertThat(unavailable.message()).contains("answered 503, expected 200");
    assertThat(wrongVersion.phase()).isEqualTo(MeasurementPhase.FAILED);
    assertThat(wrongVersion.message()).contains("without '1.5.0'");
  }

  @Test
  void anUnreachableServiceIsAMeasurementErrorNotAFailure() {
    int port = wiremock.port();
    wiremock.stop();

    Measurement measurement = analysis.measure(smoke(new HttpSmokeCheck("/healthz", null, null)));

    assertThat(measurement.phase()).as("nothing answered on port %d", port).isEqualTo(MeasurementPhase.ERROR);
    wiremock.start();
  }

  private void prometheusAnswers(String body) {
    wiremock.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson(body)));
  }

  /** Prometheus's documented instant-vector response with one series. */
  private static String vector(String value) {
    return """
        {"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"app":"game-api","colour":"green"},"value":[1700000000.781,"%s"]}]}}
        """.formatted(value);
  }

  private static MeasurementRequest prometheus(String successCondition, String failureCondition) {
    return new MeasurementRequest(new AnalysisMetric("error-rate", new PrometheusQuery(ERROR_RATE), null,
        successCondition, failureCondition, null, null, null, null, null), PREVIEW);
  }

  private static MeasurementRequest smoke(HttpSmokeCheck check) {
    return new MeasurementRequest(
        new AnalysisMetric("smoke", null, check, null, null, null, null, null, null, null), PREVIEW);
  }
}
