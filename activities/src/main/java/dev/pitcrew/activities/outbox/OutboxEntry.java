package dev.pitcrew.activities.outbox;

import java.time.Instant;

/**
 * Something an integration would have sent had it been configured.
 *
 * @param integration {@code pagerduty}, {@code slack} or {@code jira}
 * @param operation what it would have done, e.g. {@code trigger}, {@code chat.postMessage}, {@code createIssue}
 * @param target where to: a PagerDuty service name, a Slack channel, a JIRA project (never a secret)
 * @param payload the request body as JSON, secrets left out
 */
public record OutboxEntry(long id, String integration, String operation, String target, String payload, Instant createdAt) {}
