package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Sends a named signal to a running run, after checking the run's type accepts it and the payload is valid. */
@Service
public class RunSignals {
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

  public void send(String workflowId, String signalName, JsonNode body) {
    WorkflowExecutionInfo info = inspector.requireRunning(workflowId, "signal it");
    String workflowType = info.getType().getName();
    RunType<?> type =
        runTypes
            .ofWorkflowType(workflowType)
            .orElseThrow(() -> ApiException.conflict(
                "Run '" + workflowId + "' is a " + workflowType + ", which this API does not signal", Map.of()));
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
}
