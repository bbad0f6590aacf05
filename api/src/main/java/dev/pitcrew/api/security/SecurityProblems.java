package dev.pitcrew.api.security;

import dev.pitcrew.api.audit.AuditAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers an unauthenticated request 401 and a refused one 403, as RFC 9457 problem JSON like every other API
 * error. A browser asking for a page is sent to the login page instead.
 */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {
  private final JsonMapper json;

  SecurityProblems(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (wantsPage(request)) {
      response.sendRedirect(request.getContextPath() + "/login");
      return;
    }
    if (e instanceof CredentialStoreUnavailable) {
      response.setHeader("Retry-After", "5");
      write(response, HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable", e.getMessage());
      return;
    }
    boolean presentedBearer = request.getHeader("Authorization") != null;
    String detail = presentedBearer
        ? "The credential was refused: " + e.getMessage()
        : "Sign in, or send an API token as 'Authorization: Bearer <token>' (local mode writes the first admin "
            + "token to .pitcrew/admin-token)";
    request.setAttribute(Access.DENIAL_REASON, presentedBearer ? "credential refused" : "unauthenticated");
    response.setHeader("WWW-Authenticate", presentedBearer
        ? "Bearer error=\"invalid_token\"" : "Bearer realm=\"pitcrew\"");
    write(response, HttpStatus.UNAUTHORIZED, "Authentication required", detail);
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    String detail;
    if (e instanceof CsrfException) {
      detail = "The request carries no valid CSRF token. Browser forms and scripts must send the token of their "
          + "session; API clients authenticate with a bearer token instead of a session cookie";
    } else {
      Object reason = request.getAttribute(Access.DENIAL_REASON);
      detail = reason != null ? reason.toString() : "Your roles do not allow this";
    }
    request.setAttribute(Access.DENIAL_REASON, detail);
    // Refused before the audit's own capture inside the chain ran: name the authenticated caller here.
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    if (caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken)) {
      request.setAttribute(AuditAttributes.AUTHENTICATED_PRINCIPAL, caller.getName());
    }
    write(response, HttpStatus.FORBIDDEN, "Forbidden", detail);
  }

  private void write(HttpServletResponse response, HttpStatus status, String title, String detail)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }

  /** A browser navigating to a console page (not the API, not a script). */
  private static boolean wantsPage(HttpServletRequest request) {
    String path = request.getRequestURI();
    String accept = request.getHeader("Accept");
    return "GET".equals(request.getMethod()) && !path.startsWith("/api/") && !path.startsWith("/actuator")
        && accept != null && accept.contains("text/html");
  }
}
