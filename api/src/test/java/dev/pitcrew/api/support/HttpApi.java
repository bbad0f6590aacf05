package dev.pitcrew.api.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the server under test, answering status codes and JSON bodies. */
public final class HttpApi {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public record Response(int status, JsonNode body, HttpResponse<String> raw) {
    public String text() {
      return raw.body();
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  /** A client that authenticates as the test contexts' admin ({@link LocalModeTestProperties#ADMIN_TOKEN}). */
  public HttpApi(int port) {
    this(port, LocalModeTestProperties.ADMIN_TOKEN);
  }

  /** @param token the API token to send as a bearer token; null → anonymous */
  public HttpApi(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  /** The same server, as another caller (null → anonymous). */
  public HttpApi as(String otherToken) {
    return new HttpApi(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherToken);
  }

  /** A GET with extra headers (name, value, ...), e.g. another {@code Authorization}. */
  public Response get(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  public Response post(String path, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  public Response put(String path, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** A body of any content type, e.g. {@code text/calendar}. */
  public Response post(String path, String contentType, byte[] body) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** Any method, content type and extra headers (name, value, ...); {@code body} null → no body. */
  public Response request(String method, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  /** A JSON body sent with its length declared ({@code Content-Length}). */
  public Response postBytes(String path, byte[] json, String... headers) {
    return postJson(path, HttpRequest.BodyPublishers.ofByteArray(json), headers);
  }

  /** A JSON body sent without a declared length ({@code Transfer-Encoding: chunked}). */
  public Response postChunked(String path, byte[] json, String... headers) {
    return postJson(path, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json)), headers);
  }

  private Response postJson(String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json").POST(body);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  private Response send(HttpRequest.Builder request) {
    if (token != null && request.build().headers().firstValue("Authorization").isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      // NDJSON (the audit export) is many documents: left to the test to read line by line.
      boolean json = response.headers().firstValue("Content-Type")
          .map(t -> t.contains("json") && !t.contains("ndjson")).orElse(false);
      return new Response(response.statusCode(), json && !body.isEmpty() ? JSON.readTree(body) : null, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
