package dev.pitcrew.activities.drill;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records drill histories for the workflows module's replay test (histories/drill/), from runs against real
 * activities: {@code -Dpitcrew.recordHistories=true} on the test method that records the one wanted.
 */
final class DrillHistories {
  private DrillHistories() {}

  static void recordIfRequested(WorkflowClient client, String workflowId, String name) {
    if (!Boolean.getBoolean("pitcrew.recordHistories")) {
      return;
    }
    Path target = Path.of("../workflows/src/test/resources/histories/drill", name + ".json");
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(target, client.fetchHistory(workflowId).toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
