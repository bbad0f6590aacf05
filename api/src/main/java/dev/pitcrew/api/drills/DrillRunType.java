package dev.pitcrew.api.drills;

import dev.pitcrew.activities.drill.DrillDefinitionStore;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.FixedWorkflowId;
import dev.pitcrew.api.runs.RunType;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.drill.DrillRequest;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import dev.pitcrew.workflows.run.RunLabels;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Drill runs through the run API, {@code POST /api/v1/drills/{name}/runs} and {@code /pitcrew drill run}. */
@Component
class DrillRunType implements RunType<DrillRunRequest> {
  static final String NAME = DrillWorkflow.RUN_TYPE;

  private final DrillDefinitionStore definitions;

  DrillRunType(DrillDefinitionStore definitions) {
    this.definitions = definitions;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String permission() {
    return "drills.run";
  }

  @Override
  public String workflowType() {
    return DrillWorkflow.class.getSimpleName();
  }

  @Override
  public Class<DrillRunRequest> requestType() {
    return DrillRunRequest.class;
  }

  @Override
  public DrillRunRequest defaultRequest() {
    throw ApiException.badField("drill", "required: the name of a defined drill");
  }

  @Override
  public DrillRunRequest resolve(DrillRunRequest request) {
    if (definitions.find(request.drill()).isEmpty()) {
      throw ApiException.notFound("There is no drill named '" + request.drill() + "'; define it with PUT "
          + "/api/v1/drills/" + request.drill());
    }
    return request;
  }

  /** One run of a drill at a time: a second start while one runs is refused (409). */
  @Override
  public Optional<FixedWorkflowId> fixedWorkflowId(DrillRunRequest request) {
    return Optional.of(new FixedWorkflowId(DrillWorkflow.workflowId(request.drill()),
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE, "a run of drill " + request.drill()));
  }

  @Override
  public Object toWorkflowInput(DrillRunRequest request) {
    return toWorkflowInput(request, null);
  }

  @Override
  public Object toWorkflowInput(DrillRunRequest request, ChatOpsContext chat) {
    return new DrillRequest(request.drill(), request.requestedBy(), chat == null ? "api" : "slack", chat);
  }

  @Override
  public String idStem(DrillRunRequest request) {
    return DrillWorkflow.workflowId(request.drill());
  }

  @Override
  public RunLabels labels(DrillRunRequest request) {
    return new RunLabels(request.drill(), null, null);
  }

  @Override
  public String actorField() {
    return "requestedBy";
  }

  @Override
  public Map<String, Class<?>> signals() {
    return Map.of();
  }
}
