package dev.pitcrew.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Pitcrew's REST API over real HTTP, as a script or a load generator calls it. */
public final class PitcrewApi {
  private final String baseUrl;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  public PitcrewApi(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).header("Authorization", "Bearer " + token).GET().build());
  }

  public HttpResponse<String> getAnonymous(String path) {
    return send(request(path).GET().build());
  }

  public HttpResponse<String> post(String path, String json) {
    return post(path, json, "Bearer " + token);
  }

  public HttpResponse<String> post(String path, String json, String authorization) {
    return send(request(path).header("Authorization", authorization).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /**
   * POSTs as a well-behaved client does: a 429 or 503 (back-pressure, or a database that did not answer in time) is
   * sent again after its {@code Retry-After}, up to {@code attempts} times; any other answer is returned.
   */
  public HttpResponse<String> postRetrying(String path, String json, int attempts) {
    HttpResponse<String> answer = post(path, json);
    for (int attempt = 1; attempt < attempts && (answer.statusCode() == 429 || answer.statusCode() == 503); attempt++) {
      long seconds = answer.headers().firstValueAsLong("Retry-After").orElse(1);
      try {
        Thread.sleep(seconds * 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      answer = post(path, json);
    }
    return answer;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of a top-level string field of a JSON answer (enough for the IDs the harness needs). */
  public static String field(String json, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("No \"" + name + "\" in " + json);
    }
    return m.group(1);
  }
}
