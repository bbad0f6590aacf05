package dev.pitcrew.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** The per-principal limit as Spring Security leaves the request: the context holds who it is. */
class PrincipalRateLimitFilterTest {
  private final PrincipalRateLimitFilter filter = new PrincipalRateLimitFilter(
      new WebProtectionProperties(DataSize.ofMegabytes(1), List.of(), new WebProtectionProperties.RateLimits(
          true, RateLimit.valueOf("2/1m"), RateLimit.valueOf("50/s"), RateLimit.valueOf("5/1m"),
          RateLimit.valueOf("100/s"), 1000)),
      new ProblemWriter(JsonMapper.builder().build()));

  @AfterEach
  void clearContext() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void aPrincipalBeyondItsBurstIsAnswered429WithRetryAfter() throws Exception {
    authenticateAs("token:deploy-bot");

    assertThat(call("/api/v1/runs").getStatus()).isEqualTo(200);
    assertThat(call("/api/v1/deployments").getStatus()).isEqualTo(200);
    MockHttpServletResponse limited = call("/api/v1/runs");

    assertThat(limited.getStatus()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isEqualTo("30");
    assertThat(limited.getContentType()).isEqualTo("application/problem+json");
    assertThat(limited.getContentAsString()).contains("PITCREW_WEB_RATELIMITS_PERPRINCIPAL");

    authenticateAs("alice@example.com");
    assertThat(call("/api/v1/runs").getStatus()).as("another principal has its own bucket").isEqualTo(200);
  }

  @Test
  void anonymousRequestsAreLeftToThePerAddressLimit() throws Exception {
    SecurityContextHolder.getContext().setAuthentication(new AnonymousAuthenticationToken(
        "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));

    for (int i = 0; i < 5; i++) {
      assertThat(call("/api/v1/runs").getStatus()).isEqualTo(200);
    }
  }

  @Test
  void webhookPrincipalsAreLeftToTheWebhookLimit() throws Exception {
    authenticateAs("webhook:alertmanager");

    for (int i = 0; i < 5; i++) {
      assertThat(call("/api/v1/hooks/alertmanager").getStatus()).isEqualTo(200);
    }
  }

  @Test
  void thePrincipalIsLeftOnTheRequestForTheAccessLog() throws Exception {
    authenticateAs("alice@example.com");
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/runs");
    request.setServletPath("/api/v1/runs");

    filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
    SecurityContextHolder.clearContext();

    assertThat(request.getAttribute(RequestPrincipal.ATTRIBUTE)).isEqualTo("alice@example.com");
    assertThat(RequestPrincipal.of(request)).isEqualTo("alice@example.com");
    assertThat(RequestPrincipal.of(new MockHttpServletRequest())).isEqualTo("anonymous");
  }

  private MockHttpServletResponse call(String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setServletPath(path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response;
  }

  private static void authenticateAs(String name) {
    SecurityContextHolder.getContext()
        .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, null, List.of()));
  }
}
