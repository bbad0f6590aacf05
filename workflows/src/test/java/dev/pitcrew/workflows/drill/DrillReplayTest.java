package dev.pitcrew.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.replay.HistoryReplay;
import org.junit.jupiter.api.Test;

/**
 * Replays the drill histories recorded from runs on real PostgreSQL (activities' DrillWorkflowPostgresTest with
 * {@code -Dpitcrew.recordHistories=true}): passed, verification failed, cancelled, resumed after a worker crash.
 */
class DrillReplayTest {

  @Test
  void recordedHistoriesReplayAgainstCurrentCode() throws Exception {
    assertThat(HistoryReplay.replayFamily("drill", DrillWorkflowImpl.class)).isGreaterThanOrEqualTo(4);
  }
}
