package dev.pitcrew.workers.temporal;

/**
 * The Temporal frontend this process talks to, as chosen at start-up.
 *
 * @param engine what serves it: "cluster", "dev-server" or "test-server"
 * @param uiUrl where a person can watch runs in the Temporal UI, or null when there is none
 * @param persistent whether workflow state survives a restart of this process
 * @param supportsSchedules whether Temporal Schedules are available
 */
public record TemporalEndpoint(
    String target, String namespace, String engine, String uiUrl, boolean persistent, boolean supportsSchedules) {

  public static TemporalEndpoint cluster(String target, String namespace, String uiUrl) {
    return new TemporalEndpoint(target, namespace, "cluster", uiUrl, true, true);
  }

  public boolean embedded() {
    return !"cluster".equals(engine);
  }
}
