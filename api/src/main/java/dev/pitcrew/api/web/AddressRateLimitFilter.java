package dev.pitcrew.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits requests per client address before anything else looks at them, Spring Security's password and token
 * checks included, so guessing credentials is throttled before it costs a hash. Login, token and MFA paths have a
 * stricter bucket, webhooks and Slack a generous one, each separate from the general one; health is exempt.
 */
class AddressRateLimitFilter extends OncePerRequestFilter {
  private final ClientAddresses addresses;
  private final ProblemWriter problems;
  private final RateLimiter general;
  private final RateLimiter login;
  private final RateLimiter webhooks;
  private final boolean enabled;

  AddressRateLimitFilter(WebProtectionProperties properties, ClientAddresses addresses, ProblemWriter problems) {
    WebProtectionProperties.RateLimits limits = properties.rateLimits();
    this.addresses = addresses;
    this.problems = problems;
    this.enabled = limits.enabled();
    this.general = new RateLimiter(new BucketStore(limits.perAddress(), limits.maxTrackedKeys()),
        "PITCREW_WEB_RATELIMITS_PERADDRESS", "this address");
    this.login = new RateLimiter(new BucketStore(limits.login(), limits.maxTrackedKeys()),
        "PITCREW_WEB_RATELIMITS_LOGIN", "this address to login and token endpoints");
    this.webhooks = new RateLimiter(new BucketStore(limits.webhooks(), limits.maxTrackedKeys()),
        "PITCREW_WEB_RATELIMITS_WEBHOOKS", "this address to webhooks");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!enabled) {
      chain.doFilter(request, response);
      return;
    }
    RateLimiter limiter = switch (RateLimitClass.of(RequestPath.of(request))) {
      case EXEMPT -> null;
      case LOGIN -> login;
      case WEBHOOK -> webhooks;
      case GENERAL -> general;
    };
    if (limiter == null || limiter.admit(addresses.of(request), request, response, problems)) {
      chain.doFilter(request, response);
    }
  }
}
