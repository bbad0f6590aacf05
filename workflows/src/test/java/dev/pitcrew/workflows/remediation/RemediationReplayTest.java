package dev.pitcrew.workflows.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.replay.HistoryReplay;
import org.junit.jupiter.api.Test;

class RemediationReplayTest {

  @Test
  void recordedHistoriesReplayAgainstCurrentCode() throws Exception {
    assertThat(HistoryReplay.replayFamily("remediation", RemediationWorkflowImpl.class)).isGreaterThanOrEqualTo(6);
  }
}
