package dev.pitcrew.activities.outbox;

import java.util.Objects;

/**
 * What an outbox implementation writes.
 *
 * @param runId the workflow the call is for, or null when the writer does not know it
 * @param dedupKey identifies the entry across activity retries (a repeat is not written again), or null
 * @param payloadJson the request body the integration would have received, secrets left out
 */
public record OutboxWrite(
    String integration, String operation, String target, String runId, Delivery delivery, String dedupKey,
    String payloadJson) {

  public enum Delivery {
    /** The integration is not configured; this is what it would have sent. */
    NOT_CONFIGURED,
    /** Delivered through the configured integration; kept as a record. */
    SENT
  }

  public OutboxWrite {
    Objects.requireNonNull(integration, "integration");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(payloadJson, "payloadJson");
  }

  /** A call an unconfigured integration would have made. */
  public static OutboxWrite wouldHaveSent(
      String integration, String operation, String target, String runId, String payloadJson) {
    return new OutboxWrite(integration, operation, target, runId, Delivery.NOT_CONFIGURED, null, payloadJson);
  }
}
