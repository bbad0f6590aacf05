package dev.pitcrew.workers.temporal;

import io.grpc.ManagedChannel;

/**
 * The Temporal frontend this process talks to, as chosen at start-up.
 *
 * @param target host:port of its gRPC frontend (what tools outside this process connect to)
 * @param engine what serves it: "cluster", "dev-server" or "test-server"
 * @param uiUrl where a person can watch runs in the Temporal UI, or null when there is none
 * @param persistent whether workflow state survives a restart of this process
 * @param supportsSchedules whether Temporal Schedules are available
 * @param inProcessChannel a channel to an engine running inside this process, which this process's own client and
 *     workers use instead of {@code target} (no network, no protobuf encoding); null when the engine runs elsewhere.
 *     Closed by whoever started the engine.
 */
public record TemporalEndpoint(
    String target, String namespace, String engine, String uiUrl, boolean persistent, boolean supportsSchedules,
    ManagedChannel inProcessChannel) {

  /** An engine reached over the network at {@code target}. */
  public TemporalEndpoint(
      String target, String namespace, String engine, String uiUrl, boolean persistent, boolean supportsSchedules) {
    this(target, namespace, engine, uiUrl, persistent, supportsSchedules, null);
  }

  public static TemporalEndpoint cluster(String target, String namespace, String uiUrl) {
    return new TemporalEndpoint(target, namespace, "cluster", uiUrl, true, true);
  }

  public boolean embedded() {
    return !"cluster".equals(engine);
  }
}
