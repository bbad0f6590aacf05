package dev.pitcrew.workers.temporal;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The {@code temporal} health component: UP when the frontend answers, DOWN with the reason when it does not. */
public class TemporalHealthIndicator implements HealthIndicator {
  private final WorkflowServiceStubs stubs;
  private final TemporalEndpoint endpoint;
  private final Duration deadline;

  public TemporalHealthIndicator(WorkflowServiceStubs stubs, TemporalEndpoint endpoint, Duration deadline) {
    this.stubs = stubs;
    this.endpoint = endpoint;
    this.deadline = deadline;
  }

  @Override
  public Health health() {
    Health.Builder health =
        new Health.Builder()
            .withDetail("engine", endpoint.engine())
            .withDetail("target", endpoint.target())
            .withDetail("namespace", endpoint.namespace());
    if (endpoint.uiUrl() != null) {
      health.withDetail("ui", endpoint.uiUrl());
    }
    try {
      GetSystemInfoResponse info =
          stubs.blockingStub()
              .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      if (!info.getServerVersion().isEmpty()) {
        health.withDetail("serverVersion", info.getServerVersion());
      }
      return health.up().build();
    } catch (StatusRuntimeException e) {
      return health
          .down()
          .withDetail("reason", "Temporal frontend " + endpoint.target() + " did not answer: " + e.getStatus().getCode()
              + describe(e))
          .build();
    }
  }

  private static String describe(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    return description == null ? "" : " (" + description + ")";
  }
}
