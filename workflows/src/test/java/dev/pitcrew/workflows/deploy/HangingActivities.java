package dev.pitcrew.workflows.deploy;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Activities that stay open without holding a thread, like a rollout that never finishes. The test environment
 * does not skip time while an activity is open, so tests end them once the workflow has moved on.
 */
final class HangingActivities {
  private static final List<byte[]> OPEN = new CopyOnWriteArrayList<>();

  private HangingActivities() {}

  /** Call from inside an activity: it returns, but the activity stays open. */
  static void hang() {
    OPEN.add(Activity.getExecutionContext().getTaskToken());
    Activity.getExecutionContext().doNotCompleteOnReturn();
  }

  static void cancelAll(WorkflowClient client) {
    for (byte[] token : OPEN) {
      try {
        client.newActivityCompletionClient().reportCancellation(token, null);
      } catch (RuntimeException alreadyClosed) {
        // The server may have timed it out or recorded the cancellation already.
      }
      OPEN.remove(token);
    }
  }
}
