package dev.pitcrew.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Which intake a request is: writes that put work on the engine by their door, and reads of the REST API in a pool
 * of their own (they share the database's connection pool with everything else, so a flood of them must meet a
 * quick 429, not queue for connections until they time out). A refused page or webhook is answered 503, which
 * Alertmanager, PagerDuty and Slack retry; a refused API caller gets 429.
 */
enum IntakeClass {
  PAGES(List.of("/api/v1/hooks/alertmanager", "/api/v1/hooks/pagerduty"), HttpStatus.SERVICE_UNAVAILABLE),
  WEBHOOKS(List.of("/api/v1/hooks", "/slack"), HttpStatus.SERVICE_UNAVAILABLE),
  API(List.of("/api/v1/runs", "/api/v1/tickets", "/api/v1/incidents", "/api/v1/deployments", "/api/v1/drills",
      "/api/v1/remediation", "/api/v1/remediations"), HttpStatus.TOO_MANY_REQUESTS),
  READS(List.of("/api/v1"), HttpStatus.TOO_MANY_REQUESTS);

  /** The path whose handler pages before it takes its place in {@link #PAGES}. */
  static final String PAGES_FIRST = "/api/v1/hooks/alertmanager";

  private final List<String> prefixes;
  private final HttpStatus refusal;

  IntakeClass(List<String> prefixes, HttpStatus refusal) {
    this.prefixes = prefixes;
    this.refusal = refusal;
  }

  HttpStatus refusal() {
    return refusal;
  }

  /** The intake of a request, or null for paths outside every intake (console pages, probes, OPTIONS). */
  static IntakeClass of(HttpServletRequest request) {
    if ("OPTIONS".equals(request.getMethod())) {
      return null;
    }
    String path = RequestPath.of(request);
    if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
      return RequestPath.isUnder(path, "/api/v1") ? READS : null;
    }
    // Alertmanager's webhook takes its place in PAGES itself, after its first pages left (AlertmanagerWebhookController):
    // a storm's pages must not wait in line for the engine.
    if ("POST".equals(request.getMethod()) && PAGES_FIRST.equals(path)) {
      return null;
    }
    // Declaring an incident pages as surely as an alert does.
    if ("POST".equals(request.getMethod()) && "/api/v1/incidents".equals(path)) {
      return PAGES;
    }
    for (IntakeClass intake : List.of(PAGES, WEBHOOKS, API)) {
      if (intake.prefixes.stream().anyMatch(prefix -> RequestPath.isUnder(path, prefix))) {
        return intake;
      }
    }
    return null;
  }
}
