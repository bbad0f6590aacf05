package dev.pitcrew.api.audit;

import dev.pitcrew.activities.audit.AuditEvent;
import dev.pitcrew.activities.audit.AuditOutcome;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.servlet.HandlerMapping;

/** Which HTTP requests are audited, and the audit event one becomes once answered. */
final class RequestAuditEvents {
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
  /** Path variables that name what a request acts on, most telling first. */
  private static final List<String> TARGET_VARIABLES =
      List.of("workflowId", "incidentId", "id", "name", "service", "key");

  private RequestAuditEvents() {}

  /**
   * State changes, and every refusal for who asked whatever the method; empty for other reads and for requests an
   * intake shed for load ({@link AuditAttributes#SHED_BY_INTAKE}).
   */
  static Optional<AuditEvent> of(HttpServletRequest request, int status) {
    if (Boolean.TRUE.equals(request.getAttribute(AuditAttributes.SHED_BY_INTAKE))) {
      return Optional.empty();
    }
    boolean denied = status == 401 || status == 403;
    if (!denied && !STATE_CHANGING.contains(request.getMethod())) {
      return Optional.empty();
    }
    AuditOutcome outcome = outcome(status);
    return Optional.of(AuditEvent.now(principal(request), channel(request), request.getRemoteAddr(),
        request.getMethod() + " " + pattern(request), target(request), outcome, reason(request, status, outcome)));
  }

  static AuditOutcome outcome(int status) {
    if (status == 401 || status == 403) {
      return AuditOutcome.DENIED;
    }
    if (status < 400) {
      return AuditOutcome.ACCEPTED;
    }
    return status < 500 ? AuditOutcome.REJECTED : AuditOutcome.FAILED;
  }

  private static String principal(HttpServletRequest request) {
    if (request.getAttribute(AuditAttributes.PRINCIPAL) instanceof String set && !set.isBlank()) {
      return set;
    }
    if (request.getAttribute(AuditAttributes.AUTHENTICATED_PRINCIPAL) instanceof String captured) {
      return captured;
    }
    Principal principal = request.getUserPrincipal();
    return principal != null && principal.getName() != null ? principal.getName() : "anonymous";
  }

  private static String channel(HttpServletRequest request) {
    if (request.getAttribute(AuditAttributes.CHANNEL) instanceof String set && !set.isBlank()) {
      return set;
    }
    String path = path(request);
    if (path.startsWith("/api/v1/hooks/")) {
      return AuditEvent.WEBHOOK;
    }
    if (path.startsWith("/slack/")) {
      return AuditEvent.SLACK;
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return AuditEvent.REST;
    }
    return request.getRequestedSessionId() != null ? AuditEvent.CONSOLE : AuditEvent.REST;
  }

  /** The handler's pattern ({@code /api/v1/runs/{workflowId}/cancel}) so one action reads the same for any ID. */
  private static String pattern(HttpServletRequest request) {
    return request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern
        ? pattern
        : path(request);
  }

  private static String target(HttpServletRequest request) {
    if (request.getAttribute(AuditAttributes.TARGET) instanceof String set && !set.isBlank()) {
      return set;
    }
    if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)
        || variables.isEmpty()) {
      return null;
    }
    for (String name : TARGET_VARIABLES) {
      if (variables.get(name) instanceof String value) {
        return value;
      }
    }
    return variables.size() == 1 && variables.values().iterator().next() instanceof String only ? only : null;
  }

  private static String reason(HttpServletRequest request, int status, AuditOutcome outcome) {
    if (outcome == AuditOutcome.ACCEPTED) {
      return null;
    }
    if (request.getAttribute(AuditAttributes.REASON) instanceof String set && !set.isBlank()) {
      return set;
    }
    return switch (status) {
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      default -> "HTTP " + status;
    };
  }

  private static String path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }
}
