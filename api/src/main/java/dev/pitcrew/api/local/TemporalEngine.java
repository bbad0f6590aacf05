package dev.pitcrew.api.local;

import dev.pitcrew.workers.temporal.TemporalEndpoint;

/** A Temporal frontend this process started (or none, in cluster mode), closed when the process stops. */
public record TemporalEngine(TemporalEndpoint endpoint, AutoCloseable process) implements AutoCloseable {

  @Override
  public void close() throws Exception {
    if (process != null) {
      process.close();
    }
  }
}
