package dev.pitcrew.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.audit.AuditEvent;
import dev.pitcrew.activities.audit.AuditOutcome;
import jakarta.servlet.http.Cookie;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerMapping;

/** Which requests become audit events, and how their fields are read. */
class RequestAuditEventsTest {

  @Test
  void readsAreLeftOutUnlessRefusedForWhoAsked() {
    assertThat(RequestAuditEvents.of(request("GET", "/api/v1/runs"), 200)).isEmpty();
    assertThat(RequestAuditEvents.of(request("GET", "/api/v1/runs"), 404)).isEmpty();

    AuditEvent unauthenticated = RequestAuditEvents.of(request("GET", "/api/v1/runs"), 401).orElseThrow();
    assertThat(unauthenticated.outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(unauthenticated.reason()).isEqualTo("unauthenticated");
    assertThat(unauthenticated.principal()).isEqualTo("anonymous");
    assertThat(RequestAuditEvents.of(request("GET", "/api/v1/runs"), 403).orElseThrow().reason())
        .isEqualTo("forbidden");
  }

  @Test
  void outcomesFollowTheStatus() {
    assertThat(RequestAuditEvents.outcome(201)).isEqualTo(AuditOutcome.ACCEPTED);
    assertThat(RequestAuditEvents.outcome(303)).isEqualTo(AuditOutcome.ACCEPTED);
    assertThat(RequestAuditEvents.outcome(409)).isEqualTo(AuditOutcome.REJECTED);
    assertThat(RequestAuditEvents.outcome(503)).isEqualTo(AuditOutcome.FAILED);
  }

  @Test
  void theHandlersPatternAndTargetVariableNameTheAction() {
    MockHttpServletRequest request = request("POST", "/api/v1/deployments/deploy-a@prod/approve");
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/v1/deployments/{workflowId}/approve");
    request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
        Map.of("workflowId", "deploy-a@prod", "decision", "approve"));

    AuditEvent event = RequestAuditEvents.of(request, 202).orElseThrow();
    assertThat(event.action()).isEqualTo("POST /api/v1/deployments/{workflowId}/approve");
    assertThat(event.target()).isEqualTo("deploy-a@prod");
    assertThat(event.sourceAddress()).isEqualTo("10.1.2.3");
    assertThat(event.reason()).isNull();
  }

  @Test
  void withoutAHandlerThePathIsTheAction() {
    assertThat(RequestAuditEvents.of(request("DELETE", "/api/v1/nothing/here"), 404).orElseThrow().action())
        .isEqualTo("DELETE /api/v1/nothing/here");
  }

  @Test
  void theChannelIsSetOrGuessedFromPathAndCredentials() {
    assertThat(channel(request("POST", "/api/v1/hooks/alertmanager"), "Bearer am")).isEqualTo("webhook");
    assertThat(channel(request("POST", "/slack/commands"), null)).isEqualTo("slack");
    assertThat(channel(request("POST", "/api/v1/runs"), "Bearer t0k")).isEqualTo("rest");
    MockHttpServletRequest browser = request("POST", "/api/v1/runs");
    browser.setCookies(new Cookie("JSESSIONID", "abc"));
    browser.setRequestedSessionId("abc");
    assertThat(channel(browser, null)).isEqualTo("console");
    MockHttpServletRequest told = request("POST", "/api/v1/runs");
    told.setAttribute(AuditAttributes.CHANNEL, "slack");
    assertThat(channel(told, "Bearer t0k")).isEqualTo("slack");
  }

  @Test
  void aPrincipalSetByTheHandlerWinsOverTheAuthenticatedOne() {
    MockHttpServletRequest request = request("POST", "/api/v1/hooks/jira");
    request.setAttribute(AuditAttributes.AUTHENTICATED_PRINCIPAL, "alice@studio.example");
    assertThat(RequestAuditEvents.of(request, 200).orElseThrow().principal()).isEqualTo("alice@studio.example");
    request.setAttribute(AuditAttributes.PRINCIPAL, "webhook:jira");
    assertThat(RequestAuditEvents.of(request, 200).orElseThrow().principal()).isEqualTo("webhook:jira");
  }

  @Test
  void aReasonSetByTheHandlerIsRecorded() {
    MockHttpServletRequest request = request("POST", "/api/v1/deployments/d/approve");
    request.setAttribute(AuditAttributes.REASON, "you may not approve your own production deployment");
    assertThat(RequestAuditEvents.of(request, 403).orElseThrow().reason())
        .isEqualTo("you may not approve your own production deployment");
  }

  private static String channel(MockHttpServletRequest request, String authorization) {
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    return RequestAuditEvents.of(request, 200).orElseThrow().channel();
  }

  private static MockHttpServletRequest request(String method, String path) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setRemoteAddr("10.1.2.3");
    return request;
  }
}
