package dev.pitcrew.api.hooks;

import dev.pitcrew.api.audit.AuditAttributes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/hooks/pagerduty}: PagerDuty v3 webhook subscriptions. Checked in this order, each failure
 * leaving everything untouched: size (413), signature (401, or 503 without a secret), the body (400), a repeated
 * event (200 {@code duplicate}, by the signed {@code event.id}). Then at most one signal to the incident, so PagerDuty is answered fast.
 */
@RestController
class PagerDutyWebhookController {
  private static final Logger log = LoggerFactory.getLogger(PagerDutyWebhookController.class);

  private final PagerDutySignatureVerifier verifier;
  private final PagerDutyEventParser parser;
  private final PagerDutyWebhookDeliveries deliveries;
  private final PagerDutyEventHandler handler;
  private final PagerDutyHookProperties properties;

  PagerDutyWebhookController(PagerDutySignatureVerifier verifier, PagerDutyEventParser parser,
      PagerDutyWebhookDeliveries deliveries, PagerDutyEventHandler handler, PagerDutyHookProperties properties) {
    this.verifier = verifier;
    this.parser = parser;
    this.deliveries = deliveries;
    this.handler = handler;
    this.properties = properties;
  }

  @PostMapping("/api/v1/hooks/pagerduty")
  Map<String, Object> receive(
      @RequestHeader(name = "X-PagerDuty-Signature", required = false) String signature,
      @RequestHeader(name = "X-Webhook-Id", required = false) String webhookId,
      HttpServletRequest request) {
    byte[] body = BoundedBody.read(request, properties.maxBodyBytes(), "PITCREW_HOOKS_PAGERDUTY_MAXBODYBYTES");
    verifier.verify(signature, body);
    request.setAttribute(AuditAttributes.PRINCIPAL, "webhook:pagerduty");
    PagerDutyWebhookEvent event = parser.parse(body);
    // Deduplicated on the signed event.id, which PagerDuty keeps on its retries: X-Webhook-Id is outside the
    // signature, so a captured body sent again under a new header must still be recognised as seen.
    String deliveryId = webhookId != null && !webhookId.isBlank() ? webhookId : event.id();
    if (!deliveries.claim(event.id(), event.type(), event.incidentKey())) {
      log.info("PagerDuty event {} (delivery {}, {} {}) was already received; ignored", event.id(), deliveryId,
          event.type(), event.incidentKey());
      return Map.of("duplicate", true, "deliveryId", deliveryId, "eventId", event.id());
    }
    PagerDutyEventHandler.Outcome outcome;
    try {
      outcome = handler.handle(event);
    } catch (RuntimeException e) {
      deliveries.release(event.id());
      throw e;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("duplicate", false);
    answer.put("deliveryId", deliveryId);
    answer.put("eventId", event.id());
    answer.put("event", event.type());
    if (outcome.incidentId() != null) {
      answer.put("incidentId", outcome.incidentId());
    }
    if (outcome.signal() != null) {
      answer.put("signal", outcome.signal());
    }
    if (outcome.ignored() != null) {
      answer.put("ignored", outcome.ignored());
    }
    return answer;
  }
}
