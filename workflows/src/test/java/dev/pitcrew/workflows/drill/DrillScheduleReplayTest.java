package dev.pitcrew.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.replay.HistoryReplay;
import org.junit.jupiter.api.Test;

/**
 * Replays the drill-schedule histories recorded by DrillScheduleWorkflowTest with
 * {@code -Dpitcrew.recordHistories=true}: a run that fired the drill and continued as new, and one paused by an
 * Update while it waited.
 */
class DrillScheduleReplayTest {

  @Test
  void recordedHistoriesReplayAgainstCurrentCode() throws Exception {
    assertThat(HistoryReplay.replayFamily("drill-schedule", DrillScheduleWorkflowImpl.class))
        .isGreaterThanOrEqualTo(2);
  }
}
