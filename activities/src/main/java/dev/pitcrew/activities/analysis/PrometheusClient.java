package dev.pitcrew.activities.analysis;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query}). */
public class PrometheusClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What Prometheus answered, read whole: its error answers (400, 422, 503) carry the reason as JSON too. */
  private record Answer(int status, byte[] body) {}

  private final RestClient client;
  private final String baseUrl;

  public PrometheusClient(HttpClient http, String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
    requests.setReadTimeout(timeout);
    this.client = this.baseUrl == null ? null : RestClient.builder()
        .baseUrl(this.baseUrl)
        .requestFactory(requests)
        .build();
  }

  /**
   * The query's sample values: one per series for a vector, one for a scalar.
   *
   * @throws IOException when Prometheus cannot be reached or answers with an error
   * @throws InterruptedException when the activity's thread was interrupted (cancelled) while waiting for the answer
   */
  public List<Double> query(String promql) throws IOException, InterruptedException {
    if (client == null) {
      throw new IOException("No Prometheus configured (pitcrew.analysis.prometheus-url)");
    }
    Answer answer;
    try {
      // A URI variable, not a concatenated string: PromQL's braces, quotes and '+' are encoded as values.
      answer = client.get()
          .uri(uri -> uri.path("/api/v1/query").queryParam("query", "{query}").build(promql))
          .exchange((request, response) ->
              new Answer(response.getStatusCode().value(), response.getBody().readAllBytes()));
    } catch (RestClientException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("Interrupted while asking Prometheus");
      }
      throw new IOException("Prometheus at " + baseUrl + " unreachable: " + e.getMostSpecificCause().getMessage(), e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(answer.body());
    } catch (JacksonException e) {
      throw new IOException("Prometheus answered HTTP " + answer.status() + " with a body that is not JSON", e);
    }
    if (answer.status() != 200 || !"success".equals(body.path("status").asString())) {
      throw new IOException("Prometheus answered HTTP " + answer.status() + ": "
          + body.path("errorType").asString("") + " " + body.path("error").asString(""));
    }
    return samplesOf(body.path("data"));
  }

  private static List<Double> samplesOf(JsonNode data) throws IOException {
    String type = data.path("resultType").asString();
    JsonNode result = data.path("result");
    List<Double> samples = new ArrayList<>();
    switch (type) {
      case "vector" -> result.forEach(series -> samples.add(valueOf(series.path("value"))));
      case "scalar" -> samples.add(valueOf(result));
      default -> throw new IOException("Unsupported Prometheus result type '" + type + "': use an instant vector");
    }
    return samples;
  }

  /** A sample is {@code [unixTime, "value"]}; the value is a string so NaN and Inf survive JSON. */
  private static double valueOf(JsonNode sample) {
    String value = sample.path(1).asString();
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }
}
