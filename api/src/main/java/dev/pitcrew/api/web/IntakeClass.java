package dev.pitcrew.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Which intake a request is, if it puts work on the engine: only writes are, reads never wait here. A refused page
 * or webhook is answered 503, which Alertmanager, PagerDuty and Slack retry; a refused API caller gets 429.
 */
enum IntakeClass {
  PAGES(List.of("/api/v1/hooks/alertmanager", "/api/v1/hooks/pagerduty"), HttpStatus.SERVICE_UNAVAILABLE),
  WEBHOOKS(List.of("/api/v1/hooks", "/slack"), HttpStatus.SERVICE_UNAVAILABLE),
  API(List.of("/api/v1/runs", "/api/v1/tickets", "/api/v1/incidents", "/api/v1/deployments", "/api/v1/drills",
      "/api/v1/remediation", "/api/v1/remediations"), HttpStatus.TOO_MANY_REQUESTS);

  private final List<String> prefixes;
  private final HttpStatus refusal;

  IntakeClass(List<String> prefixes, HttpStatus refusal) {
    this.prefixes = prefixes;
    this.refusal = refusal;
  }

  HttpStatus refusal() {
    return refusal;
  }

  /** The intake of a write request, or null for reads and for paths that start no work on the engine. */
  static IntakeClass of(HttpServletRequest request) {
    if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
        || "OPTIONS".equals(request.getMethod())) {
      return null;
    }
    String path = RequestPath.of(request);
    // Declaring an incident pages as surely as an alert does.
    if ("POST".equals(request.getMethod()) && "/api/v1/incidents".equals(path)) {
      return PAGES;
    }
    for (IntakeClass intake : values()) {
      if (intake.prefixes.stream().anyMatch(prefix -> RequestPath.isUnder(path, prefix))) {
        return intake;
      }
    }
    return null;
  }
}
