package dev.pitcrew.workflows.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replays every recorded history of a workflow family against the current code, so a change that would break
 * runs already in flight fails the build. Histories live under {@code src/test/resources/histories/<family>/}.
 *
 * <p>To add or refresh one, run the family's recording test with {@code -Dpitcrew.recordHistories=true}; it
 * writes the new file into the source tree to be reviewed and committed.
 */
public final class HistoryReplay {
  public static final String RECORD_PROPERTY = "pitcrew.recordHistories";
  private static final long REPLAY_DEADLOCK_TIMEOUT_MILLIS = 30_000;

  private HistoryReplay() {}

  /**
   * Replays all histories of one family; fails naming the first history that no longer replays. The deadlock
   * detector gets more time than its 1 s default: the first replay of a JVM loads the workflow classes, which on a
   * busy 2-core CI machine can take longer than a second without any workflow code being stuck.
   */
  public static int replayFamily(String family, Class<?> workflowImplementation, Class<?>... more) throws Exception {
    List<Path> histories = historiesOf(family);
    assertThat(histories).as("recorded histories for %s", family).isNotEmpty();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("replay-" + family,
          WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(REPLAY_DEADLOCK_TIMEOUT_MILLIS).build());
      worker.registerWorkflowImplementationTypes(workflowImplementation);
      if (more.length > 0) {
        worker.registerWorkflowImplementationTypes(more);
      }
      for (Path history : histories) {
        try {
          WorkflowReplayer.replayWorkflowExecution(
              WorkflowExecutionHistory.fromJson(Files.readString(history)), worker);
        } catch (Exception | AssertionError e) {
          throw new AssertionError("History " + history.getFileName() + " no longer replays: " + e.getMessage(), e);
        }
      }
    }
    return histories.size();
  }

  /** Saves the history of a finished run under the module's source tree when recording is switched on. */
  public static void recordIfRequested(WorkflowClient client, String workflowId, String family, String name) {
    recordIfRequested(client, workflowId, null, family, name);
  }

  /** Saves one run's history (a workflow that continues as new has several runs under one ID). */
  public static void recordIfRequested(
      WorkflowClient client, String workflowId, String runId, String family, String name) {
    if (!Boolean.getBoolean(RECORD_PROPERTY)) {
      return;
    }
    WorkflowExecutionHistory history =
        runId == null ? client.fetchHistory(workflowId) : client.fetchHistory(workflowId, runId);
    Path target = Path.of("src/test/resources/histories", family, name + ".json");
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(target, history.toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> historiesOf(String family) throws IOException, URISyntaxException {
    URL folder = HistoryReplay.class.getClassLoader().getResource("histories/" + family);
    if (folder == null) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }
}
