package dev.pitcrew.api.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workers.temporal.TemporalEndpoint;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

/** How Temporal's transport errors reach an API caller: what they may conclude about their request. */
class TemporalCallsTest {
  private final TemporalCalls calls = new TemporalCalls(TemporalEndpoint.cluster("temporal.example:7233", "ops", null));

  @Test
  void anUnreachableEngineChangedNothing() {
    assertThatThrownBy(() -> calls.call("drill-nightly", () -> {
      throw new StatusRuntimeException(Status.UNAVAILABLE);
    })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
        .contains("temporal.example:7233", "unreachable", "nothing was changed"));
  }

  @Test
  void anAnswerTooLateMayHaveBeenCarriedOutSoTheCallerIsToldToLookFirst() {
    assertThatThrownBy(() -> calls.call("drill-nightly", () -> {
      throw new RuntimeException("start failed", new StatusRuntimeException(Status.DEADLINE_EXCEEDED));
    })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
        .contains("did not answer in time", "may still have been carried out", "GET /api/v1/runs/drill-nightly")
        .doesNotContain("nothing was changed"));
  }
}
