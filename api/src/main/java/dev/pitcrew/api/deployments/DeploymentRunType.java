package dev.pitcrew.api.deployments;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.FixedWorkflowId;
import dev.pitcrew.api.runs.RunType;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import dev.pitcrew.workflows.run.PitcrewSearchAttributes;
import dev.pitcrew.workflows.run.RunLabels;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.SearchAttributeKey;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Blue-green deployments in the generic run API ({@code type: deployment}). One deployment per service and
 * environment at a time: every run of a pair shares the workflow ID {@code deploy-<service>@<environment>}, which
 * Temporal refuses to start twice while one is open, and which a later deployment may reuse.
 */
@Component
class DeploymentRunType implements RunType<DeploymentStartRequest> {
  static final String NAME = BlueGreenDeploymentWorkflow.RUN_TYPE;
  static final String WORKFLOW_TYPE = BlueGreenDeploymentWorkflow.class.getSimpleName();

  private final DeploymentPlanner planner;

  DeploymentRunType(DeploymentPlanner planner) {
    this.planner = planner;
  }

  @Override
  public String actorField() {
    return "requestedBy";
  }

  @Override
  public String decisionEndpoint() {
    return "POST /api/v1/deployments/{id}/{approve|reject|abort|rollback}";
  }

  @Override
  public String permission() {
    return "deploy";
  }

  @Override
  public String environment(DeploymentStartRequest request) {
    return request.environment();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String workflowType() {
    return WORKFLOW_TYPE;
  }

  @Override
  public Class<DeploymentStartRequest> requestType() {
    return DeploymentStartRequest.class;
  }

  @Override
  public DeploymentStartRequest defaultRequest() {
    throw ApiException.badField("input", "is required: service, environment, image and requestedBy");
  }

  @Override
  public DeploymentStartRequest resolve(DeploymentStartRequest request) {
    return planner.resolve(request);
  }

  @Override
  public Optional<FixedWorkflowId> fixedWorkflowId(DeploymentStartRequest request) {
    return Optional.of(
        new FixedWorkflowId(
            BlueGreenDeploymentWorkflow.workflowId(request.service(), request.environment()),
            // Temporal's "fail if running" conflict policy stays the default: a second concurrent start is refused.
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
            "a deployment of " + request.service() + " to " + request.environment()));
  }

  @Override
  public Object toWorkflowInput(DeploymentStartRequest request) {
    return planner.toWorkflowInput(request, null);
  }

  @Override
  public Object toWorkflowInput(DeploymentStartRequest request, ChatOpsContext chat) {
    return planner.toWorkflowInput(request, chat);
  }

  @Override
  public String idStem(DeploymentStartRequest request) {
    return "deploy-" + request.service() + "-" + request.environment();
  }

  @Override
  public RunLabels labels(DeploymentStartRequest request) {
    return new RunLabels(request.service(), request.environment(), null);
  }

  @Override
  public Map<SearchAttributeKey<String>, String> searchAttributes(DeploymentStartRequest request) {
    return Map.of(PitcrewSearchAttributes.IMAGE, request.image());
  }

  @Override
  public Map<String, Class<?>> signals() {
    // A deployment takes no signals: its decisions are Workflow Updates, sent through the decision endpoint.
    return Map.of();
  }
}
