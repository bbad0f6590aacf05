package dev.pitcrew.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.replay.HistoryReplay;
import org.junit.jupiter.api.Test;

/**
 * Replays the leftovers clean-up histories recorded on real PostgreSQL (activities' DrillLeftoversWorkflowTest with
 * {@code -Dpitcrew.recordHistories=true}): a lost run's scratch database dropped, and a second pass finding nothing.
 */
class DrillLeftoversReplayTest {

  @Test
  void recordedHistoriesReplayAgainstCurrentCode() throws Exception {
    assertThat(HistoryReplay.replayFamily("drill-leftovers", DrillLeftoversWorkflowImpl.class))
        .isGreaterThanOrEqualTo(2);
  }
}
