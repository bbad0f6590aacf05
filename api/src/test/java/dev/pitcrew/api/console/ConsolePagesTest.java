package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.LocalModeTestProperties;
import dev.pitcrew.api.support.SharedServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every console page rendered by the server in its normal, empty and error states (the browser tests cover what
 * a person does with them). Pages are read with an API token, as any authenticated caller may.
 */
class ConsolePagesTest extends SharedServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);

  @Autowired ApiTokens tokens;

  private HttpResponse<String> page(String path) {
    return page(path, LocalModeTestProperties.ADMIN_TOKEN);
  }

  private HttpResponse<String> page(String path, String token) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .header("Accept", "text/html");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyPageRendersWithTheLayoutAndItsLiveStream() {
    for (String path : List.of("/", "/runs", "/deployments", "/incidents", "/support", "/drills", "/remediation",
        "/settings", "/settings/users", "/audit")) {
      HttpResponse<String> answer = page(path);
      assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("text/html"));
      assertThat(answer.body()).as(path).contains("<h1", "sse-connect=\"/live?since=", "htmx.min.js", "sse.js",
          "/assets/console.css").doesNotContain("<script>");
      assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
          .contains("default-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval"));
    }
  }

  @Test
  void assetsAreServedToAnyoneWithoutSigningIn() throws Exception {
    for (String asset : List.of("/assets/console.css", "/assets/console.js", "/webjars/htmx.org/dist/htmx.min.js",
        "/webjars/htmx-ext-sse/sse.js")) {
      HttpResponse<String> answer = page(asset, null);
      assertThat(answer.statusCode()).as(asset).isEqualTo(200);
    }
    HttpResponse<String> login = page("/login", null);
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("name=\"_csrf\"", "id=\"username\"", "/assets/console.css");
  }

  @Test
  void normalStatesShowTheRecords() {
    HttpApi rest = new HttpApi(port);
    String service = "pages-" + suffix;
    assertThat(rest.put("/api/v1/services/" + service, """
        {"imageRepository": "registry.example/%s", "environments": ["staging"]}""".formatted(service)).status())
        .isIn(200, 201);
    String incident = rest.post("/api/v1/incidents", """
        {"service": "%s", "severity": "SEV3", "title": "Pages test %s"}""".formatted(service, suffix))
        .body().get("incidentId").asString();

    assertThat(page("/settings").body()).contains(service);
    // The incidents table is written by the incident's workflow, a moment after the declaration's answer.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(page("/incidents/open").body()).contains("Pages test " + suffix, "Acknowledge…", "escalates"));
    HttpResponse<String> incidentPage = page("/incidents/" + incident);
    assertThat(incidentPage.statusCode()).isEqualTo(200);
    assertThat(incidentPage.body()).contains("Pages test " + suffix, "Timeline", "Resolve…");
    // The confirmations come from one fragment: each posts through htmx with its own field and button.
    assertThat(incidentPage.body()).contains("<summary>Acknowledge…</summary>", "class=\"confirm-acknowledge\"",
        "hx-post=\"/incidents/" + incident + "/escalate\"", "<input id=\"escalate-reason\" name=\"reason\"",
        "<input id=\"resolve-summary\" name=\"summary\"", "class=\"confirm-resolve\">Confirm resolve</button>");
    HttpResponse<String> runPage = page("/runs/" + incident);
    assertThat(runPage.statusCode()).isEqualTo(200);
    assertThat(runPage.body()).contains("id=\"timeline\"", "data-kind=");
    assertThat(page("/runs?type=incident").body()).contains(incident);
    assertThat(page("/audit?target=" + service).body()).contains("PUT /api/v1/services/{name}");
  }

  @Test
  void emptyStatesSayThereIsNothing() {
    assertThat(page("/runs?type=no-such-type-" + suffix).body()).contains("No runs match.");
    assertThat(page("/audit?principal=nobody-" + suffix).body()).contains("No audit records match.");
  }

  @Test
  void errorStatesNameTheProblem() {
    HttpResponse<String> missing = page("/deployments/deploy-nothing-" + suffix + "@production");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("No run with ID", "role=\"alert\"");
    HttpResponse<String> badFilter = page("/runs?status=SLEEPING");
    assertThat(badFilter.statusCode()).isEqualTo(400);
    assertThat(badFilter.body()).contains("status: must be one of");
    HttpResponse<String> noIncident = page("/incidents/incident-nothing-" + suffix);
    assertThat(noIncident.statusCode()).isEqualTo(404);

    String viewer = tokens.issue("pages-viewer-" + suffix, "service", "token:pages-viewer-" + suffix,
        List.of("viewer"), null, null, "test").secret();
    HttpResponse<String> forbidden = page("/settings/users", viewer);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).contains("users.admin");
    HttpResponse<String> anonymous = page("/", null);
    assertThat(anonymous.statusCode()).as("anonymous").isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
  }
}
