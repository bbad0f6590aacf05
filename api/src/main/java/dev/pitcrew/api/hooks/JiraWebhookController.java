package dev.pitcrew.api.hooks;

import dev.pitcrew.api.audit.AuditAttributes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/hooks/jira}: JIRA Cloud's issue and comment webhooks. Checked in this order, each failure
 * leaving everything untouched: authenticity (401, or 503 without a secret), the body (400 naming the field), a
 * repeated delivery (200 {@code duplicate}). Then one or more signals to the ticket's run; JIRA is answered as soon
 * as Temporal has them.
 */
@RestController
class JiraWebhookController {
  private static final Logger log = LoggerFactory.getLogger(JiraWebhookController.class);

  private final JiraWebhookAuthenticator authenticator;
  private final JiraDeliveryParser parser;
  private final JiraWebhookDeliveries deliveries;
  private final JiraDeliveryHandler handler;

  JiraWebhookController(
      JiraWebhookAuthenticator authenticator, JiraDeliveryParser parser, JiraWebhookDeliveries deliveries,
      JiraDeliveryHandler handler) {
    this.authenticator = authenticator;
    this.parser = parser;
    this.deliveries = deliveries;
    this.handler = handler;
  }

  @PostMapping("/api/v1/hooks/jira")
  Map<String, Object> receive(
      @RequestBody(required = false) byte[] body,
      @RequestHeader(name = "X-Pitcrew-Webhook-Secret", required = false) String secretHeader,
      @RequestParam(name = "secret", required = false) String secretQuery,
      @RequestHeader(name = "X-Hub-Signature", required = false) String signature,
      @RequestHeader(name = "X-Atlassian-Webhook-Identifier", required = false) String deliveryId,
      HttpServletRequest request) {
    byte[] raw = body == null ? new byte[0] : body;
    authenticator.authenticate(secretHeader != null ? secretHeader : secretQuery, signature, raw);
    request.setAttribute(AuditAttributes.PRINCIPAL, "webhook:jira");
    JiraDelivery delivery = parser.parse(raw);
    // Without JIRA's delivery identifier (older JIRA Server webhooks) a repeat cannot be recognised.
    if (deliveryId != null && !deliveries.claim(deliveryId, delivery.event(), delivery.issue().key())) {
      log.info("JIRA delivery {} ({} {}) was already received; ignored", deliveryId, delivery.event(),
          delivery.issue().key());
      return Map.of("duplicate", true, "deliveryId", deliveryId);
    }
    JiraDeliveryHandler.Outcome outcome;
    try {
      outcome = handler.handle(delivery);
    } catch (RuntimeException e) {
      if (deliveryId != null) {
        deliveries.release(deliveryId);
      }
      throw e;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("duplicate", false);
    answer.put("event", delivery.event());
    answer.put("ticketKey", outcome.ticketKey());
    answer.put("signals", outcome.signals());
    if (outcome.workflowId() != null) {
      answer.put("workflowId", outcome.workflowId());
    }
    if (outcome.ignored() != null) {
      answer.put("ignored", outcome.ignored());
    }
    if (outcome.detail() != null) {
      answer.put("detail", outcome.detail());
    }
    return answer;
  }
}
