package dev.pitcrew.activities.jira;

import dev.pitcrew.activities.failure.RateLimited;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/** JIRA Cloud through {@link JiraCloudApi}; maps HTTP errors to retryable or final activity failures. */
public class JiraRestIssues implements JiraIssues {
  private static final Duration RETRY_AFTER_WHEN_UNSAID = Duration.ofMinutes(1);

  private final JiraCloudApi api;

  public JiraRestIssues(JiraCloudApi api) {
    this.api = api;
  }

  @Override
  public Optional<String> findByLabel(String label) {
    JiraCloudApi.SearchResult found = call("search", () ->
        api.search(Map.of("jql", "labels = \"" + label + "\"", "fields", List.of("key"), "maxResults", 1)));
    return found.issues() == null ? Optional.empty() : found.issues().stream().map(JiraCloudApi.FoundIssue::key).findFirst();
  }

  @Override
  public String create(Map<String, Object> fields) {
    return call("create issue", () -> api.createIssue(Map.of("fields", fields))).key();
  }

  @Override
  public void link(String linkType, String inwardKey, String outwardKey) {
    call("link issues", () -> {
      api.linkIssues(Map.of("type", Map.of("name", linkType), "inwardIssue", Map.of("key", inwardKey),
          "outwardIssue", Map.of("key", outwardKey)));
      return null;
    });
  }

  private static <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (RestClientResponseException e) {
      int status = e.getStatusCode().value();
      if (status == 429) {
        throw RateLimited.retryAfter("JIRA", RateLimited.parseRetryAfter(
            e.getResponseHeaders() == null ? null : e.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER),
            RETRY_AFTER_WHEN_UNSAID));
      }
      String message = "JIRA " + what + " answered HTTP " + status + ": " + e.getResponseBodyAsString();
      if (e.getStatusCode().is5xxServerError()) {
        throw ApplicationFailure.newFailure(message, "JiraUnavailable");
      }
      // 400/401/403/404: bad request or bad credentials; retrying will not help.
      throw ApplicationFailure.newNonRetryableFailure(message, "JiraRejected");
    } catch (ResourceAccessException e) {
      throw ApplicationFailure.newFailure("JIRA unreachable on " + what + ": " + e.getMessage(), "JiraUnavailable");
    }
  }
}
