package dev.pitcrew.activities.outbox;

import java.time.Instant;

/**
 * One row of the outbox: a call an integration would have made had it been configured, or (for writers that keep
 * a record, such as SLA notifications) one it made.
 *
 * @param integration {@code pagerduty}, {@code slack}, {@code jira} or {@code email}
 * @param operation what it would have done, e.g. {@code trigger}, {@code chat.postMessage}, {@code createIssue},
 *     {@code WARNING}
 * @param target where to: a PagerDuty service name, a Slack channel, a JIRA project, an email address (never a
 *     secret)
 * @param runId the workflow the call was for, when the writer knows it
 * @param delivery {@code NOT_CONFIGURED} (would have sent) or {@code SENT}
 * @param handle what the integration would have handed back and later calls refer to (a Slack message's ts)
 * @param payload the request body as JSON, secrets left out
 */
public record OutboxEntry(
    long id, String integration, String operation, String target, String runId, String delivery, String handle,
    String payload, Instant createdAt) {}
