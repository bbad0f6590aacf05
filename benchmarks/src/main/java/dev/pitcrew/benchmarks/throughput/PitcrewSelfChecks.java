package dev.pitcrew.benchmarks.throughput;

import dev.pitcrew.benchmarks.PitcrewApi;
import dev.pitcrew.benchmarks.PitcrewServer;
import io.temporal.client.WorkflowClient;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** Self-checks started as a user starts them, {@code POST /api/v1/runs}, awaited on the server's own engine. */
public final class PitcrewSelfChecks implements Workload {
  private final PitcrewApi api;
  private final WorkflowClient engine;

  public PitcrewSelfChecks(PitcrewServer server) {
    this.api = server.api();
    this.engine = server.engine();
  }

  @Override
  public String name() {
    return "Pitcrew self-check over REST";
  }

  @Override
  public CompletableFuture<?> startOne(int holdSeconds) {
    HttpResponse<String> started = api.postRetrying("/api/v1/runs",
        "{\"type\":\"self-check\",\"input\":{\"label\":\"bench\",\"holdSeconds\":" + holdSeconds + "}}", 10);
    if (started.statusCode() != 201) {
      throw new IllegalStateException("Start answered " + started.statusCode() + ": " + started.body());
    }
    String workflowId = PitcrewApi.field(started.body(), "workflowId");
    return engine.newUntypedWorkflowStub(workflowId).getResultAsync(Object.class);
  }
}
