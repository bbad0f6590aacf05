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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every console page rendered by the server in its normal, empty and error states (the browser tests cover what
 * a person does with them). Pages are read with an API token, as any authenticated caller may.
 */
class ConsolePagesTest extends SharedServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);

  @Autowired ApiTokens tokens;
  @Autowired JdbcClient jdbc;

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

  /**
   * The incident board in its three paging states, for this test's own service: none open, a few (all shown, the
   * most urgent first), and more than a page (the first page, then the rest on "Show more", which a live refresh
   * keeps). The rows are what incident workflows record in {@code incidents}; the board reads only that table, so
   * they are written directly (no workflow behind them: the test presses no button) and removed afterwards, so other
   * tests' boards on the shared server never see them.
   */
  @Test
  void theIncidentBoardShowsTheMostUrgentPageFirstAndTheRestOnRequest() {
    String service = "paging-" + suffix;
    String fragment = "/incidents/open?service=" + service;
    try {
      String empty = page(fragment).body();
      assertThat(empty).contains("No open incidents of " + service + ".").doesNotContain("show-more");
      assertThat(cards(empty)).isEmpty();

      incident(service, "ack-sev1", "SEV1", "ACKNOWLEDGED", 1);
      incident(service, "open-sev3", "SEV3", "OPEN", 3);
      incident(service, "open-sev1", "SEV1", "OPEN", 2);
      incident(service, "resolved", "SEV1", "RESOLVED", 0);
      String normal = page(fragment).body();
      assertThat(cards(normal)).as("not acknowledged first, then by severity; resolved ones are not open")
          .containsExactly(id(service, "open-sev1"), id(service, "open-sev3"), id(service, "ack-sev1"));
      assertThat(normal).contains("3 open, 2 not acknowledged").doesNotContain("show-more", "most urgent first");

      for (int n = 0; n < 30; n++) {
        incident(service, "more-" + n, "SEV4", "OPEN", 10 + n);
      }
      String firstPage = page(fragment).body();
      List<String> shown = cards(firstPage);
      assertThat(shown).hasSize(25).startsWith(id(service, "open-sev1"), id(service, "open-sev3"))
          .doesNotContain(id(service, "ack-sev1"));
      assertThat(firstPage).contains("33 open, 32 not acknowledged; the 25 most urgent first", "Show 8 more of 8",
          "hx-get=\"/incidents/open?service=" + service + "&amp;shown=25\"",
          "href=\"/incidents?service=" + service + "&amp;shown=50\"",
          "hx-get=\"/incidents/open?service=" + service + "&amp;shown=50\"");
      String expanded = page(fragment + "&shown=50").body();
      assertThat(cards(expanded)).hasSize(33).startsWith(shown.toArray(String[]::new))
          .endsWith(id(service, "ack-sev1"));
      assertThat(expanded).as("a live refresh keeps every card shown")
          .contains("hx-get=\"/incidents/open?service=" + service + "&amp;shown=50\"").doesNotContain("show-more");

      String board = page("/incidents?service=" + service).body();
      assertThat(cards(board)).hasSize(25);
      assertThat(board).contains("value=\"" + service + "\"", "Show 8 more of 8");

      HttpResponse<String> tooMany = page(fragment + "&shown=501");
      assertThat(tooMany.statusCode()).isEqualTo(400);
      assertThat(tooMany.body()).contains("shown: must be between 1 and 500");
      assertThat(page("/incidents/open?service=Not%20A%20Service").statusCode()).isEqualTo(400);
    } finally {
      jdbc.sql("delete from incidents where service = ?").param(service).update();
    }
  }

  /**
   * The Support board in its paging states, for this test's own queue: none open, a few (breached and at risk
   * first), and more than a page. The rows are what ticket runs record in {@code sla_tickets}; written directly (the
   * board reads only that table) and removed afterwards.
   */
  @Test
  void theTicketBoardShowsBreachedAndAtRiskFirstAndTheRestOnRequest() {
    String queue = "paging-" + suffix;
    String fragment = "/support/tickets?queue=" + queue;
    try {
      String empty = page(fragment).body();
      assertThat(empty).contains("No open tickets in " + queue + ".").doesNotContain("show-more");
      assertThat(rows(empty, TICKET)).isEmpty();

      ticket(queue, "on-track", "ON_TRACK", false, 10);
      ticket(queue, "breached", "BREACHED", false, 30);
      ticket(queue, "at-risk", "AT_RISK", false, 20);
      ticket(queue, "resolved", "MET", true, 5);
      String normal = page(fragment).body();
      assertThat(rows(normal, TICKET)).containsExactly(queue + "-breached", queue + "-at-risk", queue + "-on-track");
      assertThat(normal).contains("3 open, 1 breached, 1 at risk").doesNotContain("show-more", "most urgent first");

      for (int n = 0; n < 60; n++) {
        ticket(queue, "more-" + n, "ON_TRACK", false, 100 + n);
      }
      String firstPage = page(fragment).body();
      assertThat(rows(firstPage, TICKET)).hasSize(50).startsWith(queue + "-breached", queue + "-at-risk");
      assertThat(firstPage).contains("63 open, 1 breached, 1 at risk; the 50 most urgent first", "Show 13 more of 13",
          "hx-get=\"/support/tickets?queue=" + queue + "&amp;shown=100\"",
          "href=\"/support?queue=" + queue + "&amp;shown=100\"");
      String expanded = page(fragment + "&shown=100").body();
      assertThat(rows(expanded, TICKET)).hasSize(63).endsWith(queue + "-more-59");
      assertThat(expanded).contains("hx-get=\"/support/tickets?queue=" + queue + "&amp;shown=100\"")
          .doesNotContain("show-more");
      assertThat(rows(page("/support?queue=" + queue).body(), TICKET)).hasSize(50);
      assertThat(page(fragment + "&shown=0").statusCode()).isEqualTo(400);
    } finally {
      jdbc.sql("delete from sla_tickets where queue = ?").param(queue).update();
    }
  }

  private static final Pattern TICKET = Pattern.compile("data-ticket=\"([^\"]+)\"");

  /** A ticket row as its SLA run records it, its next deadline {@code minutes} from now. */
  private void ticket(String queue, String name, String state, boolean resolved, int minutes) {
    jdbc.sql("""
        insert into sla_tickets (ticket_key, source, title, queue, priority, status, sla_state, next_due_at, resolved,
                                 updated_at)
        values (?, 'api', ?, ?, 'High', 'Open', ?, now() + ? * interval '1 minute', ?, now())""")
        .params(queue + "-" + name, "Paging " + name, queue, state, minutes, resolved).update();
  }

  private static final Pattern CARD = Pattern.compile("data-incident=\"([^\"]+)\"");

  private static List<String> cards(String html) {
    return rows(html, CARD);
  }

  private static List<String> rows(String html, Pattern row) {
    Matcher matcher = row.matcher(html);
    List<String> ids = new java.util.ArrayList<>();
    while (matcher.find()) {
      ids.add(matcher.group(1));
    }
    return ids;
  }

  private static String id(String service, String name) {
    return "incident-" + service + "-" + name;
  }

  /** An incident row as its workflow records it, opened {@code minutesAgo}. */
  private void incident(String service, String name, String severity, String state, int minutesAgo) {
    jdbc.sql("""
        insert into incidents (incident_id, dedup_key, service, title, severity, state, opened_at, escalation_level,
                               escalation_loop, next_escalation_at, resolved_at)
        values (?, ?, ?, ?, ?, ?, now() - ? * interval '1 minute', 1, 0, now() + interval '5 minutes',
                case when ? = 'RESOLVED' then now() end)""")
        .params(id(service, name), service + "-" + name, service, "Paging " + name, severity, state, minutesAgo, state)
        .update();
  }
}
