package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workers.temporal.TemporalEndpoint;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** Calls Temporal and turns its transport errors into API answers: unknown run 404, unreachable 503. */
@Component
public class TemporalCalls {
  private final TemporalEndpoint endpoint;

  TemporalCalls(TemporalEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  public <T> T call(String workflowId, Supplier<T> call) {
    try {
      return call.get();
    } catch (WorkflowNotFoundException e) {
      throw unknownRun(workflowId);
    } catch (RuntimeException e) {
      StatusRuntimeException grpc = grpcCause(e);
      if (grpc == null) {
        throw e;
      }
      Status.Code code = grpc.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND && workflowId != null) {
        throw unknownRun(workflowId);
      }
      if (code == Status.Code.UNAVAILABLE) {
        throw ApiException.temporalUnavailable(
            "Temporal at " + endpoint.target() + " is unreachable (" + code + "); nothing was changed. "
                + "Retry once GET /actuator/health shows temporal UP.");
      }
      if (code == Status.Code.DEADLINE_EXCEEDED) {
        // The request reached Temporal, which may have carried it out after the deadline (a busy engine starts the
        // run, then answers too late): saying "nothing was changed" here would invite a second start or decision.
        throw ApiException.temporalUnavailable(
            "Temporal at " + endpoint.target() + " did not answer in time (" + code + "); the request may still "
                + "have been carried out. Look at the run" + (workflowId == null ? "" : " (GET /api/v1/runs/"
                + workflowId + ")") + " before retrying.");
      }
      throw e;
    }
  }

  public void run(String workflowId, Runnable call) {
    call(workflowId, () -> {
      call.run();
      return null;
    });
  }

  static ApiException unknownRun(String workflowId) {
    return ApiException.notFound("No run with ID '" + workflowId + "'");
  }

  private static StatusRuntimeException grpcCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc;
      }
    }
    return null;
  }
}
