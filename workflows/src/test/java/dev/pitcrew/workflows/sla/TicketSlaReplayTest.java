package dev.pitcrew.workflows.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.replay.HistoryReplay;
import org.junit.jupiter.api.Test;

class TicketSlaReplayTest {

  @Test
  void recordedHistoriesReplayAgainstCurrentCode() throws Exception {
    assertThat(HistoryReplay.replayFamily("sla", TicketSlaWorkflowImpl.class)).isGreaterThanOrEqualTo(6);
  }
}
