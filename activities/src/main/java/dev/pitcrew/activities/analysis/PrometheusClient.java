package dev.pitcrew.activities.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query}). */
public class PrometheusClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String baseUrl;
  private final Duration timeout;

  public PrometheusClient(HttpClient http, String baseUrl, Duration timeout) {
    this.http = http;
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
    this.timeout = timeout;
  }

  /**
   * The query's sample values: one per series for a vector, one for a scalar.
   *
   * @throws IOException when Prometheus cannot be reached or answers with an error
   */
  public List<Double> query(String promql) throws IOException, InterruptedException {
    if (baseUrl == null) {
      throw new IOException("No Prometheus configured (pitcrew.analysis.prometheus-url)");
    }
    URI uri = URI.create(baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException("Prometheus answered HTTP " + response.statusCode() + " with a body that is not JSON", e);
    }
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IOException("Prometheus answered HTTP " + response.statusCode() + ": "
          + body.path("errorType").asText("") + " " + body.path("error").asText(response.body()));
    }
    return samplesOf(body.path("data"));
  }

  private static List<Double> samplesOf(JsonNode data) throws IOException {
    String type = data.path("resultType").asText();
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
    String value = sample.path(1).asText();
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }
}
