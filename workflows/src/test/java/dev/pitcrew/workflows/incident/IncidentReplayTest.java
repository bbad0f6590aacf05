package dev.pitcrew.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.replay.HistoryReplay;
import org.junit.jupiter.api.Test;

class IncidentReplayTest {

  @Test
  void recordedHistoriesReplayAgainstCurrentCode() throws Exception {
    assertThat(HistoryReplay.replayFamily("incident", IncidentWorkflowImpl.class)).isGreaterThanOrEqualTo(5);
  }
}
