package dev.pitcrew.api.slack;

import dev.pitcrew.activities.audit.AuditEvent;
import dev.pitcrew.activities.audit.AuditOutcome;
import dev.pitcrew.activities.audit.AuditTrail;
import org.springframework.stereotype.Component;

/**
 * Writes each finished Slack command and click into the unified audit trail, beside the REST and webhook
 * requests; {@link ChatOpsAudit} stays Slack's own inbox with the Slack-specific detail.
 */
@Component
class ChatOpsTrail {
  private final AuditTrail trail;

  ChatOpsTrail(AuditTrail trail) {
    this.trail = trail;
  }

  /**
   * @param what {@code command <text>} or {@code action <action ID>}
   * @param identity the Pitcrew identity, or null when the Slack user could not be resolved
   * @param result the {@code chatops_audit} result ({@code ok}, {@code denied}, {@code usage}, ...)
   */
  void finished(String what, String slackUserId, String identity, String result, String target, String detail) {
    AuditOutcome outcome = outcome(result);
    trail.record(AuditEvent.now(
        identity != null ? identity : "slack:" + slackUserId, AuditEvent.SLACK, null, what, target, outcome,
        outcome == AuditOutcome.ACCEPTED ? null : detail != null ? detail : result));
  }

  static AuditOutcome outcome(String result) {
    return switch (result) {
      case "ok" -> AuditOutcome.ACCEPTED;
      case "denied" -> AuditOutcome.DENIED;
      case "usage", "not_found", "conflict" -> AuditOutcome.REJECTED;
      default -> AuditOutcome.FAILED;
    };
  }
}
