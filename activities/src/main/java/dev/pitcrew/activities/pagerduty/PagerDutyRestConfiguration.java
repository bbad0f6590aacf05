package dev.pitcrew.activities.pagerduty;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PagerDutyRestProperties.class)
public class PagerDutyRestConfiguration {
  private static final Logger log = LoggerFactory.getLogger(PagerDutyRestConfiguration.class);
  /** Enough of PagerDuty's error body ({@code {"error": {"message", "code", "errors"}}}) to say what went wrong. */
  private static final int ERROR_BODY_CHARS = 300;

  /** Present only with an API token: without it Pitcrew makes no REST calls and callers do without. */
  @Bean
  @ConditionalOnProperty(prefix = "pitcrew.pagerduty", name = "api-token")
  PagerDutyRestApi pagerDutyRestApi(PagerDutyRestProperties properties) {
    log.info("PagerDuty: REST API at {} (token configured)", properties.apiUrl());
    return connect(properties);
  }

  /** The one PagerDuty REST client: token auth, API version 2, timeouts, HTTP/1.1, token-free errors. */
  public static PagerDutyRestApi connect(PagerDutyRestProperties properties) {
    // HTTP/1.1: the JDK client's default h2c upgrade attempt on plain http confuses some proxies and test servers.
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(properties.apiTimeout())
        .build();
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
    requests.setReadTimeout(properties.apiTimeout());
    RestClient client = RestClient.builder()
        .baseUrl(properties.apiUrl())
        .requestFactory(requests)
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Token token=" + properties.apiToken())
        .requestInterceptor((request, body, execution) -> {
          try {
            return execution.execute(request, body);
          } catch (IOException e) {
            throw new PagerDutyRestException(PagerDutyRestException.UNREACHABLE,
                "PagerDuty REST " + describe(request) + " unreachable: " + e, e);
          }
        })
        .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
          throw new PagerDutyRestException(response.getStatusCode().value(),
              "PagerDuty REST " + describe(request) + " answered HTTP " + response.getStatusCode().value()
                  + explanation(response.getStatusCode().value()) + ": " + errorBody(response), null);
        })
        .build();
    return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build()
        .createClient(PagerDutyRestApi.class);
  }

  /** Method and path only: the URL never carries the token, but keep query strings out of messages all the same. */
  private static String describe(HttpRequest request) {
    return request.getMethod() + " " + request.getURI().getPath();
  }

  private static String explanation(int status) {
    return switch (status) {
      case 401 -> " (the API token is wrong or disabled)";
      case 403 -> " (the API token may not read this)";
      case 404 -> " (no such resource, or not visible to the API token)";
      case 429 -> " (rate limited)";
      default -> status >= 500 ? " (PagerDuty unavailable)" : "";
    };
  }

  private static String errorBody(ClientHttpResponse response) {
    try (InputStream body = response.getBody()) {
      String text = new String(body.readNBytes(ERROR_BODY_CHARS * 4), StandardCharsets.UTF_8).strip();
      return text.length() > ERROR_BODY_CHARS ? text.substring(0, ERROR_BODY_CHARS) + "…" : text;
    } catch (IOException e) {
      return "(no readable body)";
    }
  }
}
