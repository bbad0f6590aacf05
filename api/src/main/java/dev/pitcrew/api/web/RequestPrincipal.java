package dev.pitcrew.api.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who a request acts as, for limits and the access log. The security context is gone by the time the outermost
 * filters finish, so the name is also kept on the request under {@link #ATTRIBUTE}.
 */
final class RequestPrincipal {
  /** Request attribute holding the principal's name, set once authentication has run. */
  static final String ATTRIBUTE = "pitcrew.principal";
  static final String ANONYMOUS = "anonymous";

  private RequestPrincipal() {}

  /** The authenticated name from the current security context, or {@link #ANONYMOUS}. */
  static String current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return ANONYMOUS;
    }
    String name = authentication.getName();
    return name == null || name.isBlank() ? ANONYMOUS : name;
  }

  /** What {@link PrincipalRateLimitFilter} recorded, or the live context, or {@link #ANONYMOUS}. */
  static String of(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof String name ? name : current();
  }
}
