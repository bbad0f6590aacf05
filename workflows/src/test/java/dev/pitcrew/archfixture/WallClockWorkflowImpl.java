package dev.pitcrew.archfixture;

import java.time.Instant;
import java.util.UUID;

/** Deliberately breaks the determinism rules; the architecture test proves its rules catch this class. */
public class WallClockWorkflowImpl {
  public String stamp() {
    return Instant.now() + "-" + UUID.randomUUID() + "-" + System.currentTimeMillis();
  }
}
