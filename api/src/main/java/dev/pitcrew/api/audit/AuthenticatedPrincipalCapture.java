package dev.pitcrew.api.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs inside the security filter chain (after it, by order) and copies the authenticated principal's name into
 * {@link AuditAttributes#AUTHENTICATED_PRINCIPAL}, where {@link AuditRecorderFilter} — outside the chain, where
 * the security context is already cleared — finds it. Reads {@code getUserPrincipal()}, which Spring Security's
 * request wrapper answers from the security context (null for anonymous), so nothing here depends on it.
 */
class AuthenticatedPrincipalCapture extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Principal principal = request.getUserPrincipal();
    if (principal != null && principal.getName() != null
        && request.getAttribute(AuditAttributes.AUTHENTICATED_PRINCIPAL) == null) {
      request.setAttribute(AuditAttributes.AUTHENTICATED_PRINCIPAL, principal.getName());
    }
    chain.doFilter(request, response);
  }
}
