package dev.pitcrew.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.replay.HistoryReplay;
import org.junit.jupiter.api.Test;

/**
 * Replays the drill histories recorded from runs on real PostgreSQL (activities' DrillWorkflowPostgresTest with
 * {@code -Dpitcrew.recordHistories=true}): passed, verification failed, cancelled, resumed after a worker crash;
 * and from Velero drills on fabric8's mock API server (DrillWorkflowVeleroTest): velero-passed,
 * velero-partially-failed, velero-cancelled; and from pgBackRest drills on a real archiving PostgreSQL 15
 * (DrillWorkflowPgBackRestTest): pgbackrest-passed, pgbackrest-stale (failed at freshness), pgbackrest-cancelled;
 * and, since drills that take their own dump stream it into the copy (version drill-streaming-restore):
 * streamed-passed, streamed-cancelled, streamed-resumed-after-crash; and a pgBackRest restore that failed after
 * making its scratch directory, cleaned up on its host (version drill-pgbackrest-failed-restore-host):
 * pgbackrest-failed-restore-cleaned-on-its-host.
 */
class DrillReplayTest {

  @Test
  void recordedHistoriesReplayAgainstCurrentCode() throws Exception {
    assertThat(HistoryReplay.replayFamily("drill", DrillWorkflowImpl.class)).isGreaterThanOrEqualTo(17);
  }
}
