package dev.pitcrew.api.hooks;

import dev.pitcrew.api.audit.AuditAttributes;
import dev.pitcrew.api.hooks.AlertmanagerAuthenticator.Unauthorized;
import dev.pitcrew.api.remediation.AlertRouting;
import dev.pitcrew.api.web.IntakeGates;
import dev.pitcrew.api.web.IntakeRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/hooks/alertmanager}: Prometheus Alertmanager's webhook receiver. Checked in this order, each
 * failure leaving everything untouched: credentials (401, or 503 without any configured), size (413), the whole
 * payload (400 naming every bad field). Then the first page of every incident it opens leaves, and only then does
 * the delivery take its place towards the engine (503 with Retry-After when the page intake is full: the pages are
 * out, and the retry pages nobody twice). Then every alert opens, joins or clears its incident. A Temporal outage is a
 * 503, which Alertmanager retries; a repeated delivery is harmless, since alerts join incidents by dedup key.
 */
@RestController
class AlertmanagerWebhookController {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerWebhookController.class);

  private final AlertmanagerAuthenticator authenticator;
  private final AlertmanagerNotificationParser parser;
  private final AlertmanagerIntake intake;
  private final AlertmanagerHookProperties properties;
  private final IntakeGates gates;

  AlertmanagerWebhookController(AlertmanagerAuthenticator authenticator, AlertmanagerNotificationParser parser,
      AlertmanagerIntake intake, AlertmanagerHookProperties properties, IntakeGates gates) {
    this.gates = gates;
    this.authenticator = authenticator;
    this.parser = parser;
    this.intake = intake;
    this.properties = properties;
  }

  @PostMapping("/api/v1/hooks/alertmanager")
  Map<String, Object> receive(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      HttpServletRequest request) {
    authenticator.authenticate(authorization);
    request.setAttribute(AuditAttributes.PRINCIPAL, "webhook:alertmanager");
    byte[] body = BoundedBody.read(request, properties.maxBodyBytes(), "PITCREW_HOOKS_ALERTMANAGER_MAXBODYBYTES");
    AlertmanagerNotification notification = parser.parse(body);
    // The first pages leave before the delivery waits for its place towards the engine (IntakeClass leaves this
    // path's place to here): in a storm the wait is seconds, and a page must not spend them in line.
    AlertRouting.Snapshot runbooks = intake.pageAhead(notification);
    List<AlertmanagerIntake.Handled> handled;
    try (IntakeGates.Place place = gates.enterPages(request)) {
      handled = intake.take(notification, runbooks);
    }
    log.info("Alertmanager group {} ({}, {} alerts) taken in", notification.groupKey(), notification.status(),
        handled.size());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("groupKey", notification.groupKey());
    answer.put("status", notification.status());
    answer.put("alerts", handled.stream().map(AlertmanagerWebhookController::describe).toList());
    return answer;
  }

  private static Map<String, Object> describe(AlertmanagerIntake.Handled handled) {
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("fingerprint", handled.fingerprint());
    alert.put("status", handled.status());
    alert.put("dedupKey", handled.dedupKey());
    if (handled.incidentId() != null) {
      alert.put("incidentId", handled.incidentId());
    }
    if (handled.remediationId() != null) {
      alert.put("remediationId", handled.remediationId());
    }
    alert.put("outcome", handled.outcome().name());
    return alert;
  }

  /** No place in the page intake: 503 with Retry-After, which Alertmanager retries; the door's pages are out. */
  @ExceptionHandler(IntakeRefused.class)
  ResponseEntity<ProblemDetail> intakeFull(IntakeRefused e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setTitle("Service Unavailable");
    return ResponseEntity.status(e.status())
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
        .body(problem);
  }

  /** The 401 problem, with the WWW-Authenticate challenges the shared problem handler cannot add. */
  @ExceptionHandler(Unauthorized.class)
  ResponseEntity<ProblemDetail> unauthorized(Unauthorized e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setTitle(e.title());
    ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
    e.challenges().forEach(challenge -> response.header(HttpHeaders.WWW_AUTHENTICATE, challenge));
    return response.body(problem);
  }
}
