package dev.pitcrew.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint Spring maps × every kind of caller → the status class it must get. The endpoints come from the
 * handler mappings, so a new endpoint without a row in {@link #RULES} (or without a permission declared on it)
 * fails the build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends SharedServerTest {
  static final List<String> CALLERS = List.of("anonymous", "viewer", "operator", "deployer", "releaser", "admin");

  private static final Set<String> EVERYONE = Set.of("viewer", "operator", "deployer", "releaser", "admin");
  private static final Set<String> OPERATORS = Set.of("operator", "admin");
  private static final Set<String> DEPLOYERS = Set.of("deployer", "releaser", "admin");
  private static final Set<String> ADMINS = Set.of("admin");
  private static final Set<String> RELEASERS = Set.of("releaser", "admin");
  /** Endpoints that authenticate by their own signature or secret: never 401/403 from Pitcrew's login. */
  private static final Set<String> SELF_VERIFYING = Set.of("POST /api/v1/hooks/alertmanager",
      "POST /api/v1/hooks/pagerduty", "POST /api/v1/hooks/jira", "POST /slack/events", "POST /slack/commands",
      "POST /slack/interactivity");

  /**
   * The API reference (springdoc's own handlers, so no {@code @PreAuthorize} of ours): readable by every signed-in
   * caller, refused to anonymous ones by the security chain.
   */
  private static final Set<String> API_REFERENCE = Set.of("GET /v3/api-docs", "GET /v3/api-docs.yaml",
      "GET /v3/api-docs/swagger-config", "GET /swagger-ui.html");

  /** Who may call what ("METHOD pattern" → the roles that pass the permission check). */
  static final Map<String, Set<String>> RULES = new LinkedHashMap<>();

  static {
    RULES.put("GET /api/v1/me", EVERYONE);
    RULES.put("POST /api/v1/runs", EVERYONE); // then the run type's own permission: checked below
    RULES.put("GET /api/v1/runs", EVERYONE);
    RULES.put("GET /api/v1/runs/{workflowId}", EVERYONE);
    RULES.put("GET /api/v1/runs/{workflowId}/timeline", EVERYONE);
    RULES.put("POST /api/v1/runs/{workflowId}/signals/{signal}", OPERATORS);
    RULES.put("POST /api/v1/runs/{workflowId}/cancel", OPERATORS);
    RULES.put("POST /api/v1/runs/{workflowId}/close", OPERATORS);
    RULES.put("POST /api/v1/deployments", DEPLOYERS);
    RULES.put("GET /api/v1/deployments/{workflowId}", EVERYONE);
    RULES.put("POST /api/v1/deployments/{workflowId}/{decision:approve|reject|abort|rollback}", DEPLOYERS);
    RULES.put("GET /api/v1/services", EVERYONE);
    RULES.put("GET /api/v1/services/{name}", EVERYONE);
    RULES.put("PUT /api/v1/services/{name}", ADMINS);
    RULES.put("GET /api/v1/escalation-policies", EVERYONE);
    RULES.put("GET /api/v1/escalation-policies/{service}", EVERYONE);
    RULES.put("PUT /api/v1/escalation-policies/{service}", ADMINS);
    RULES.put("DELETE /api/v1/escalation-policies/{service}", ADMINS);
    RULES.put("POST /api/v1/incidents", ADMINS);
    RULES.put("GET /api/v1/incidents", EVERYONE);
    RULES.put("GET /api/v1/incidents/{incidentId}", EVERYONE);
    RULES.put("GET /api/v1/incidents/{incidentId}/timeline", EVERYONE);
    for (String steer : List.of("notes", "acknowledge", "escalate", "resolve", "severity", "stakeholder-updates")) {
      RULES.put("POST /api/v1/incidents/{incidentId}/" + steer, ADMINS);
    }
    RULES.put("GET /api/v1/runbooks", EVERYONE);
    RULES.put("GET /api/v1/runbooks/{name}", EVERYONE);
    RULES.put("GET /api/v1/runbooks/{name}/versions", EVERYONE);
    RULES.put("PUT /api/v1/runbooks/{name}", ADMINS);
    RULES.put("DELETE /api/v1/runbooks/{name}", ADMINS);
    RULES.put("PUT /api/v1/runbooks/{name}/switches", OPERATORS);
    RULES.put("GET /api/v1/remediations/{workflowId}", EVERYONE);
    RULES.put("POST /api/v1/remediations/{workflowId}/{decision:approve|reject}", OPERATORS);
    RULES.put("PUT /api/v1/remediation/kill-switch", OPERATORS);
    RULES.put("GET /api/v1/remediation/maintenance-windows", EVERYONE);
    RULES.put("POST /api/v1/remediation/maintenance-windows", OPERATORS);
    RULES.put("DELETE /api/v1/remediation/maintenance-windows/{id}", OPERATORS);
    RULES.put("GET /api/v1/alerts/quality", EVERYONE);
    RULES.put("POST /api/v1/alerts/{fingerprint}/noise", OPERATORS);
    RULES.put("POST /api/v1/remediations/{workflowId}/noise", OPERATORS);
    RULES.put("GET /api/v1/drills", EVERYONE);
    RULES.put("GET /api/v1/drills/{name}", EVERYONE);
    RULES.put("PUT /api/v1/drills/{name}", ADMINS);
    RULES.put("DELETE /api/v1/drills/{name}", ADMINS);
    RULES.put("POST /api/v1/drills/{name}/runs", OPERATORS);
    RULES.put("POST /api/v1/drills/{name}/runs/cancel", OPERATORS);
    RULES.put("GET /api/v1/drills/{name}/runs", EVERYONE);
    RULES.put("GET /api/v1/drills/{name}/schedule", EVERYONE);
    RULES.put("POST /api/v1/drills/{name}/schedule/{action:pause|resume|trigger}", OPERATORS);
    RULES.put("GET /api/v1/drills/{name}/runs/{runId}", EVERYONE);
    RULES.put("POST /api/v1/drills/{name}/recoveries", RELEASERS);
    RULES.put("GET /api/v1/drills/{name}/recoveries/current", EVERYONE);
    RULES.put("POST /api/v1/drills/{name}/recoveries/approve", RELEASERS);
    RULES.put("POST /api/v1/drills/{name}/recoveries/reject", RELEASERS);
    RULES.put("GET /api/v1/outbox", OPERATORS);
    RULES.put("POST /codec/decode", EVERYONE);
    RULES.put("POST /codec/encode", OPERATORS);
    RULES.put("GET /api/v1/slack/outbox", OPERATORS);
    RULES.put("GET /api/v1/audit", ADMINS);
    RULES.put("GET /api/v1/audit/verify", ADMINS);
    RULES.put("GET /api/v1/audit/export", ADMINS);
    RULES.put("GET /api/v1/slack/audit", ADMINS);
    RULES.put("POST /api/v1/tickets", ADMINS);
    RULES.put("GET /api/v1/tickets", EVERYONE);
    RULES.put("GET /api/v1/tickets/{key}", EVERYONE);
    RULES.put("POST /api/v1/tickets/{key}/events", ADMINS);
    for (String resource : List.of("policies/{name}", "calendars/{name}", "queues/{name}", "routing-rules")) {
      RULES.put("PUT /api/v1/sla/" + resource, ADMINS);
    }
    RULES.put("GET /api/v1/sla/policies", EVERYONE);
    RULES.put("GET /api/v1/sla/policies/{name}", EVERYONE);
    RULES.put("GET /api/v1/sla/queues", EVERYONE);
    RULES.put("GET /api/v1/sla/queues/{name}", EVERYONE);
    RULES.put("GET /api/v1/sla/calendars/{name}", EVERYONE);
    RULES.put("POST /api/v1/sla/calendars/{name}/holidays", ADMINS);
    RULES.put("GET /api/v1/sla/routing-rules", EVERYONE);
    RULES.put("GET /api/v1/sla/notifications", EVERYONE);
    RULES.put("GET /api/v1/sla/report", EVERYONE);
    RULES.put("POST /api/v1/tokens", EVERYONE);
    RULES.put("GET /api/v1/tokens", EVERYONE);
    RULES.put("DELETE /api/v1/tokens/{id}", EVERYONE);
    RULES.put("GET /api/v1/roles", ADMINS);
    RULES.put("GET /api/v1/roles/{name}", ADMINS);
    RULES.put("PUT /api/v1/roles/{name}", ADMINS);
    RULES.put("DELETE /api/v1/roles/{name}", ADMINS);
    RULES.put("PUT /api/v1/roles/{name}/members/{member}", ADMINS);
    RULES.put("DELETE /api/v1/roles/{name}/members/{member}", ADMINS);
    RULES.put("POST /api/v1/me/password", EVERYONE);
    RULES.put("POST /api/v1/users", ADMINS);
    RULES.put("GET /api/v1/users", ADMINS);
    RULES.put("GET /api/v1/users/{username}", ADMINS);
    RULES.put("DELETE /api/v1/users/{username}", ADMINS);
    RULES.put("POST /api/v1/users/{username}/reset-mfa", ADMINS);
    RULES.put("POST /api/v1/users/{username}/unlock", ADMINS);
    RULES.put("GET /api/v1/slack/links", ADMINS);
    RULES.put("PUT /api/v1/slack/links/{slackUserId}", ADMINS);
    RULES.put("DELETE /api/v1/slack/links/{slackUserId}", ADMINS);
    API_REFERENCE.forEach(endpoint -> RULES.put(endpoint, EVERYONE));
    // Console (issue 15): its pages read like GET /api/v1/..., its buttons need the REST endpoints' permissions.
    for (String page : List.of("/", "/runs", "/runs/rows", "/runs/{workflowId}", "/runs/{workflowId}/live",
        "/deployments", "/deployments/board", "/deployments/awaiting", "/deployments/{workflowId}",
        "/deployments/{workflowId}/card", "/incidents", "/incidents/open", "/incidents/{incidentId}",
        "/incidents/{incidentId}/detail", "/support", "/support/tickets", "/support/at-risk", "/drills",
        "/drills/failing", "/remediation", "/remediation/runs", "/remediation/awaiting", "/settings", "/live")) {
      RULES.put("GET " + page, EVERYONE);
    }
    RULES.put("POST /deployments", DEPLOYERS);
    RULES.put("POST /deployments/{workflowId}/{decision:approve|reject|abort|rollback}", DEPLOYERS);
    for (String steer : List.of("acknowledge", "escalate", "resolve", "severity", "notes")) {
      RULES.put("POST /incidents/{incidentId}/" + steer, ADMINS);
    }
    RULES.put("POST /remediation/{workflowId}/{decision:approve|reject}", OPERATORS);
    RULES.put("GET /settings/users", ADMINS);
    RULES.put("POST /settings/users", ADMINS);
    // Console settings forms (issue 15, console3): the REST endpoints' permissions.
    RULES.put("GET /settings/tokens", EVERYONE);
    RULES.put("POST /settings/tokens", EVERYONE);
    RULES.put("POST /settings/tokens/{id}/revoke", EVERYONE);
    RULES.put("GET /settings/escalation-policies", EVERYONE);
    RULES.put("POST /settings/escalation-policies", ADMINS);
    // Console settings forms (issue 15, settings4): the REST endpoints' permissions (read; sla.admin, ...).
    RULES.put("GET /settings/sla-policies", EVERYONE);
    RULES.put("POST /settings/sla-policies", ADMINS);
    RULES.put("GET /settings/calendars", EVERYONE);
    RULES.put("POST /settings/calendars", ADMINS);
    RULES.put("GET /settings/runbooks", EVERYONE);
    RULES.put("POST /settings/runbooks", ADMINS);
    RULES.put("GET /settings/roles", ADMINS);
    RULES.put("POST /settings/roles", ADMINS);
    // Console settings forms (issue 15, catalogue5): the service catalogue as its REST endpoints (read; services.write).
    RULES.put("GET /settings/services", EVERYONE);
    RULES.put("POST /settings/services", ADMINS);
    RULES.put("GET /audit", ADMINS);
    RULES.put("POST /audit/verify", ADMINS);
  }

  /** Endpoints whose answer never ends (the console's live stream): checked for refusals only. */
  private static final Set<String> STREAMS = Set.of("GET /live");

  /** The browser login pages: open to anyone, covered by LocalAccountsTest and OidcLoginTest. */
  private static boolean browserLogin(String pattern) {
    return pattern.equals("/login") || pattern.startsWith("/mfa/") || pattern.equals("/logout")
        || pattern.startsWith("/oauth2/") || pattern.startsWith("/login/oauth2/");
  }

  @LocalServerPort int port;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
  @Autowired ApiTokens tokens;
  final Map<String, HttpApi> callers = new LinkedHashMap<>();

  @BeforeAll
  void tokensForEveryRole() {
    callers.put("anonymous", new HttpApi(port, null));
    for (String role : CALLERS.subList(1, CALLERS.size())) {
      String secret = tokens.issue("matrix-" + role, "service", "token:matrix-" + role, List.of(role), null, null,
          "test").secret();
      callers.put(role, new HttpApi(port, secret));
    }
  }

  record Endpoint(String method, String pattern, String consumes, HandlerMethod handler) {
    String key() {
      return method + " " + pattern;
    }
  }

  List<Endpoint> endpoints() {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
      RequestMappingInfo info = mapping.getKey();
      String consumes = info.getConsumesCondition().getConsumableMediaTypes().stream().findFirst()
          .map(Object::toString).orElse("application/json");
      for (String pattern : info.getPatternValues()) {
        for (var method : info.getMethodsCondition().getMethods()) {
          endpoints.add(new Endpoint(method.name(), pattern, consumes, mapping.getValue()));
        }
      }
    }
    return endpoints;
  }

  @Test
  void everyEndpointHasARuleAndDeclaresItsPermission() {
    Set<String> unruled = new TreeSet<>();
    Set<String> undeclared = new TreeSet<>();
    for (Endpoint endpoint : endpoints()) {
      if (browserLogin(endpoint.pattern())) {
        continue;
      }
      if (endpoint.pattern().startsWith("/error") || SELF_VERIFYING.contains(endpoint.key())) {
        continue;
      }
      if (!RULES.containsKey(endpoint.key())) {
        unruled.add(endpoint.key());
      }
      if (!endpoint.handler().hasMethodAnnotation(PreAuthorize.class) && !API_REFERENCE.contains(endpoint.key())) {
        undeclared.add(endpoint.key());
      }
    }
    assertThat(unruled).as("endpoints without a row in AuthorizationMatrixTest.RULES").isEmpty();
    assertThat(undeclared).as("endpoints without @PreAuthorize").isEmpty();
    Set<String> mapped = new TreeSet<>();
    endpoints().forEach(e -> mapped.add(e.key()));
    assertThat(mapped).as("rules for endpoints that no longer exist").containsAll(RULES.keySet());
  }

  @Test
  void everyCallerGetsWhatItsRolesAllow() {
    List<String> wrong = new ArrayList<>();
    for (Endpoint endpoint : endpoints()) {
      Set<String> allowed = RULES.get(endpoint.key());
      if (allowed == null) {
        continue;
      }
      String path = concrete(endpoint.pattern());
      for (String caller : CALLERS) {
        if (STREAMS.contains(endpoint.key()) && allowed.contains(caller)) {
          continue;
        }
        Response answer = callers.get(caller).request(endpoint.method(), path, endpoint.consumes(),
            "GET".equals(endpoint.method()) || "DELETE".equals(endpoint.method()) ? null : "{}");
        int status = answer.status();
        boolean ok;
        if (caller.equals("anonymous")) {
          ok = status == 401 && isProblem(answer);
        } else if (allowed.contains(caller)) {
          ok = status != 401 && status != 403 && status < 500;
        } else {
          ok = status == 403 && isProblem(answer);
        }
        if (!ok) {
          wrong.add(endpoint.key() + " as " + caller + " → " + status + " " + answer.text());
        }
      }
    }
    assertThat(wrong).as("callers answered differently than their roles allow").isEmpty();
  }

  @Test
  void startingARunNeedsTheRunTypesOwnPermission() {
    String selfCheck = "{\"type\":\"self-check\",\"input\":{\"holdSeconds\":0}}";
    assertThat(callers.get("viewer").post("/api/v1/runs", selfCheck).status()).isEqualTo(403);
    assertThat(callers.get("deployer").post("/api/v1/runs", selfCheck).status()).isEqualTo(403);
    assertThat(callers.get("operator").post("/api/v1/runs", selfCheck).status()).isEqualTo(201);
    assertThat(callers.get("admin").put("/api/v1/services/matrix-game",
        "{\"imageRepository\":\"registry.example/matrix-game\",\"environments\":[\"staging\",\"production\"]}")
        .status()).isEqualTo(201);
    String production = "{\"type\":\"deployment\",\"input\":{\"service\":\"matrix-game\","
        + "\"environment\":\"production\",\"image\":\"v2\"}}";
    Response deployer = callers.get("deployer").post("/api/v1/runs", production);
    assertThat(deployer.status()).as(deployer.text()).isEqualTo(403);
    assertThat(deployer.body().get("detail").asString()).contains("deploy").contains("production")
        .contains("releaser");
    // Nothing was started for the refused request.
    assertThat(callers.get("admin").get("/api/v1/deployments/deploy-matrix-game@production").status())
        .isEqualTo(404);
  }

  private static boolean isProblem(Response answer) {
    return answer.body() != null && answer.body().has("status") && answer.body().has("detail");
  }

  /** {@code /api/v1/runs/{workflowId}/{decision:approve|reject}} → {@code /api/v1/runs/matrix-x/approve}. */
  private static String concrete(String pattern) {
    return pattern.replaceAll("\\{[A-Za-z]+:([a-z-]+)\\|[^}]*}", "$1").replaceAll("\\{[A-Za-z]+}", "matrix-x");
  }
}
