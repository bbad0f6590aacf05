package dev.pitcrew.api.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A browser without a browser: keeps cookies, follows no redirect by itself, posts forms. */
public final class Browser {
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  public HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
  }

  public HttpResponse<String> getJson(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").GET());
  }

  public HttpResponse<String> withBearer(String url, String token) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET());
  }

  public HttpResponse<String> postForm(String url, Map<String, String> fields) {
    String body = fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> postJson(String url, String json, String csrfToken) {
    return send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrfToken)
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Follows one redirect answer (absolute or relative Location) with a GET. */
  public HttpResponse<String> follow(HttpResponse<String> redirect) {
    return get(location(redirect));
  }

  public static String location(HttpResponse<String> redirect) {
    String location = redirect.headers().firstValue("Location")
        .orElseThrow(() -> new AssertionError("not a redirect: " + redirect.statusCode() + " " + redirect.body()));
    return redirect.uri().resolve(location).toString();
  }

  /** A form with the page's CSRF token added. */
  public static Map<String, String> form(String page, String... nameValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("_csrf", TestAuthorizationServer.csrfToken(page));
    for (int i = 0; i < nameValues.length; i += 2) {
      fields.put(nameValues[i], nameValues[i + 1]);
    }
    return fields;
  }

  /** The value of a cookie this browser holds for {@code url}'s host. */
  public String cookie(String url, String name) {
    return cookies.getCookieStore().get(URI.create(url)).stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst().orElse(null);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
