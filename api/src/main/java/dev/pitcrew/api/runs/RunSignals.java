package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.security.ActorStamp;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import java.util.Arrays;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Sends a named signal to a running run, after checking the run's type accepts it and the payload is valid. */
@Service
public class RunSignals {
  /** The payload field that names who acts. */
  private static final String ACTOR = "by";

  private final RunInspector inspector;
  private final RunTypes runTypes;
  private final RequestReader reader;
  private final WorkflowClient client;
  private final TemporalCalls temporal;

  RunSignals(
      RunInspector inspector, RunTypes runTypes, RequestReader reader, WorkflowClient client, TemporalCalls temporal) {
    this.inspector = inspector;
    this.runTypes = runTypes;
    this.reader = reader;
    this.client = client;
    this.temporal = temporal;
  }

  /**
   * The generic signal endpoint: refuses types whose decisions have their own endpoint, and records the caller in
   * a payload that names who acts ({@code by}).
   */
  public void sendAsCaller(String workflowId, String signalName, JsonNode body, ActorStamp actor) {
    RunType<?> type = typeOf(inspector.requireRunning(workflowId, "signal it"), workflowId);
    if (type.decisionEndpoint() != null) {
      throw ApiException.conflict("Decisions on " + type.name() + " runs go through " + type.decisionEndpoint()
          + ", which checks their environment and approval rules", Map.of("workflowId", workflowId));
    }
    Class<?> payloadType = type.signals().get(signalName);
    if (payloadType != null && payloadType.isRecord()
        && Arrays.stream(payloadType.getRecordComponents()).anyMatch(c -> c.getName().equals(ACTOR))) {
      actor.stamp(body, ACTOR);
    }
    deliver(type, workflowId, signalName, body);
  }

  public void send(String workflowId, String signalName, JsonNode body) {
    deliver(typeOf(inspector.requireRunning(workflowId, "signal it"), workflowId), workflowId, signalName, body);
  }

  private void deliver(RunType<?> type, String workflowId, String signalName, JsonNode body) {
    Class<?> payloadType = type.signals().get(signalName);
    if (payloadType == null) {
      throw ApiException.badField(
          "signal", "'" + signalName + "' is not a signal of " + type.name() + " runs; one of "
              + type.signals().keySet());
    }
    if (body == null || body.isNull() || body.isMissingNode()) {
      throw ApiException.badField("body", "signal '" + signalName + "' needs a JSON object payload");
    }
    Object payload = reader.read(body, payloadType, "body");
    temporal.run(workflowId, () -> client.newUntypedWorkflowStub(workflowId).signal(signalName, payload));
  }

  private RunType<?> typeOf(WorkflowExecutionInfo info, String workflowId) {
    String workflowType = info.getType().getName();
    return runTypes
        .ofWorkflowType(workflowType)
        .orElseThrow(() -> ApiException.conflict(
            "Run '" + workflowId + "' is a " + workflowType + ", which this API does not signal", Map.of()));
  }
}
