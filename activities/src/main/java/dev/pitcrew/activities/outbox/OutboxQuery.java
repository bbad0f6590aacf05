package dev.pitcrew.activities.outbox;

import java.time.Instant;

/**
 * Which outbox entries to read, newest first; every filter is optional (null).
 *
 * @param runIdPrefix runs whose workflow ID starts with this (e.g. every ticket's SLA run)
 * @param from created at or after
 * @param until created before
 * @param limit at most this many
 * @param offset skip this many (paging)
 */
public record OutboxQuery(
    String integration, String runId, String runIdPrefix, Instant from, Instant until, int limit, long offset) {

  public static OutboxQuery newest(int limit) {
    return new OutboxQuery(null, null, null, null, null, limit, 0);
  }

  public OutboxQuery ofIntegration(String name) {
    return new OutboxQuery(name, runId, runIdPrefix, from, until, limit, offset);
  }

  public OutboxQuery ofRun(String workflowId) {
    return new OutboxQuery(integration, workflowId, runIdPrefix, from, until, limit, offset);
  }

  public OutboxQuery ofRunsStartingWith(String prefix) {
    return new OutboxQuery(integration, runId, prefix, from, until, limit, offset);
  }

  public OutboxQuery between(Instant createdFrom, Instant createdUntil) {
    return new OutboxQuery(integration, runId, runIdPrefix, createdFrom, createdUntil, limit, offset);
  }

  public OutboxQuery page(long skip) {
    return new OutboxQuery(integration, runId, runIdPrefix, from, until, limit, skip);
  }
}
