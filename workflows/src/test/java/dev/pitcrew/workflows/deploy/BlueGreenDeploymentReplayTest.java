package dev.pitcrew.workflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.replay.HistoryReplay;
import org.junit.jupiter.api.Test;

/**
 * Deployments run for minutes to hours (approval, rollback window), so a release of Pitcrew always finds some in
 * flight: every recorded path must still replay against the current workflow code.
 */
class BlueGreenDeploymentReplayTest {

  @Test
  void recordedHistoriesReplayAgainstCurrentCode() throws Exception {
    assertThat(HistoryReplay.replayFamily("deploy", BlueGreenDeploymentWorkflowImpl.class)).isGreaterThanOrEqualTo(10);
  }
}
