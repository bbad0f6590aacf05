package dev.pitcrew.activities.analysis;

import dev.pitcrew.workflows.deploy.HttpSmokeCheck;
import dev.pitcrew.workflows.deploy.Measurement;
import dev.pitcrew.workflows.deploy.MeasurementPhase;
import dev.pitcrew.workflows.deploy.MeasurementTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP smoke checks against the Kubernetes Service under analysis. */
public class HttpSmokeChecker {
  private final HttpClient http;
  private final String baseUrlTemplate;
  private final Duration timeout;

  public HttpSmokeChecker(HttpClient http, String baseUrlTemplate, Duration timeout) {
    this.http = http;
    this.baseUrlTemplate = baseUrlTemplate;
    this.timeout = timeout;
  }

  /** Successful or Failed by the response; IOExceptions (nothing answered) are left to the caller as errors. */
  public Measurement check(HttpSmokeCheck check, MeasurementTarget target) throws IOException, InterruptedException {
    URI uri = URI.create(urlOf(target) + check.path());
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    int expected = check.expectedStatus() == null ? 200 : check.expectedStatus();
    String value = String.valueOf(response.statusCode());
    if (response.statusCode() != expected) {
      return new Measurement(MeasurementPhase.FAILED, value, "GET " + uri + " answered " + value + ", expected " + expected);
    }
    if (check.bodyContains() != null && !response.body().contains(check.bodyContains())) {
      return new Measurement(MeasurementPhase.FAILED, value,
          "GET " + uri + " answered without '" + check.bodyContains() + "' in the body");
    }
    return new Measurement(MeasurementPhase.SUCCESSFUL, value, "GET " + uri + " answered " + value);
  }

  private String urlOf(MeasurementTarget target) {
    return baseUrlTemplate
        .replace("{serviceName}", target.kubernetesService())
        .replace("{namespace}", target.environment())
        .replaceAll("/+$", "");
  }
}
