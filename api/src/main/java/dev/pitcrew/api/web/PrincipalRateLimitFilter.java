package dev.pitcrew.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits requests per authenticated principal, so one token or session cannot crowd out everyone behind the same
 * address (or spread one client over many addresses). Runs after Spring Security has established who the request
 * is, and records that name on the request ({@link RequestPrincipal#ATTRIBUTE}) for the access log. Anonymous
 * requests are left to the per-address limit; webhooks and Slack to their per-address one, as their principals
 * ({@code webhook:alertmanager}) stand for whole systems that legitimately burst.
 */
class PrincipalRateLimitFilter extends OncePerRequestFilter {
  private final ProblemWriter problems;
  private final RateLimiter limiter;
  private final boolean enabled;

  PrincipalRateLimitFilter(WebProtectionProperties properties, ProblemWriter problems) {
    WebProtectionProperties.RateLimits limits = properties.rateLimits();
    this.problems = problems;
    this.enabled = limits.enabled();
    this.limiter = new RateLimiter(new BucketStore(limits.perPrincipal(), limits.maxTrackedKeys()),
        "PITCREW_WEB_RATELIMITS_PERPRINCIPAL", "this principal");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String principal = RequestPrincipal.current();
    request.setAttribute(RequestPrincipal.ATTRIBUTE, principal);
    if (!enabled || principal.equals(RequestPrincipal.ANONYMOUS) || !limited(request)
        || limiter.admit(principal, request, response, problems)) {
      chain.doFilter(request, response);
    }
  }

  private static boolean limited(HttpServletRequest request) {
    RateLimitClass rateClass = RateLimitClass.of(RequestPath.of(request));
    return rateClass != RateLimitClass.EXEMPT && rateClass != RateLimitClass.WEBHOOK;
  }
}
