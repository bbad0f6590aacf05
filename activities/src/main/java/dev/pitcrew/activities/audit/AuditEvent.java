package dev.pitcrew.activities.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One state change, or one refused attempt at one, from any channel.
 *
 * @param principal the Pitcrew identity that acted: a person's email or username, {@code token:<name>},
 *     {@code webhook:<source>}, {@code workflow:<workflowId>}, or {@code anonymous}
 * @param channel where it came from: {@code rest}, {@code console}, {@code slack}, {@code webhook} or
 *     {@code workflow}
 * @param sourceAddress the client's network address, or null when there is none (workflows)
 * @param action what was asked, e.g. {@code POST /api/v1/deployments/{workflowId}/approve} or {@code phase Approved}
 * @param target what it was asked of, e.g. a workflow ID; null when nothing in particular
 * @param outcome how it ended
 * @param reason why it was refused or failed; null when accepted
 * @param at when; null lets the trail take the current time
 */
public record AuditEvent(
    String principal, String channel, String sourceAddress, String action, String target, AuditOutcome outcome,
    String reason, Instant at) {

  public AuditEvent {
    Objects.requireNonNull(outcome, "outcome");
  }

  public static final String REST = "rest";
  public static final String CONSOLE = "console";
  public static final String SLACK = "slack";
  public static final String WEBHOOK = "webhook";
  public static final String WORKFLOW = "workflow";

  /** An event stamped with the current time by the trail. */
  public static AuditEvent now(
      String principal, String channel, String sourceAddress, String action, String target, AuditOutcome outcome,
      String reason) {
    return new AuditEvent(principal, channel, sourceAddress, action, target, outcome, reason, null);
  }
}
