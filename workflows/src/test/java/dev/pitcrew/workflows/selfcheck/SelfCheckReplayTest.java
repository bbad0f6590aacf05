package dev.pitcrew.workflows.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.replay.HistoryReplay;
import org.junit.jupiter.api.Test;

class SelfCheckReplayTest {

  @Test
  void recordedHistoriesReplayAgainstCurrentCode() throws Exception {
    assertThat(HistoryReplay.replayFamily("selfcheck", SelfCheckWorkflowImpl.class)).isGreaterThanOrEqualTo(4);
  }
}
