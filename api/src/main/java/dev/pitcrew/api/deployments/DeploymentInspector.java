package dev.pitcrew.api.deployments;

import dev.pitcrew.activities.kubernetes.KubernetesTarget;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RunDetails;
import dev.pitcrew.api.runs.RunInspector;
import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import dev.pitcrew.workflows.deploy.DeploymentStatus;
import io.temporal.client.WorkflowClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Reads one deployment: the run from {@link RunInspector}, the deployment's status from the workflow itself. */
@Service
class DeploymentInspector {
  private static final Logger log = LoggerFactory.getLogger(DeploymentInspector.class);

  private final RunInspector runs;
  private final WorkflowClient client;
  private final KubernetesTarget kubernetes;

  DeploymentInspector(RunInspector runs, WorkflowClient client, KubernetesTarget kubernetes) {
    this.runs = runs;
    this.client = client;
    this.kubernetes = kubernetes;
  }

  /**
   * 404 unless {@code workflowId} names a deployment (not some other kind of run); answers its environment, which
   * its ID carries ({@code deploy-<service>@<environment>}).
   */
  String requireDeployment(String workflowId) {
    String type = runs.describe(workflowId).getType().getName();
    int at = workflowId.lastIndexOf('@');
    if (!DeploymentRunType.WORKFLOW_TYPE.equals(type) || at < 0) {
      throw notADeployment(workflowId);
    }
    return workflowId.substring(at + 1);
  }

  DeploymentView view(String workflowId) {
    RunDetails run = runs.details(workflowId);
    if (run.workflowType() != null && !DeploymentRunType.WORKFLOW_TYPE.equals(run.workflowType())
        || run.workflowType() == null && !BlueGreenDeploymentWorkflow.RUN_TYPE.equals(run.type())) {
      throw notADeployment(workflowId);
    }
    DeploymentStatus status = run.note() == null ? statusOf(run) : null;
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", "/api/v1/deployments/" + workflowId);
    links.put("run", "/api/v1/runs/" + workflowId);
    run.links().forEach((name, link) -> links.putIfAbsent(name, link));
    return new DeploymentView(
        workflowId,
        run.runId(),
        run.status(),
        status == null ? run.phase() : status.phase(),
        run.service(),
        run.environment(),
        status == null ? null : status.image(),
        status == null ? null : status.previousImage(),
        status == null ? null : status.newColour(),
        status == null ? null : status.previousColour(),
        status == null ? null : status.trafficOn(),
        status == null ? null : status.awaiting(),
        status == null ? null : status.requestedBy(),
        status == null ? null : status.approvedBy(),
        status == null ? null : status.rejectedBy(),
        status == null ? null : status.decisions(),
        status == null ? null : status.analyses(),
        status == null ? null : status.strategy(),
        status == null ? null : status.cutoverSwitchMillis(),
        status == null ? null : status.rollbackSwitchMillis(),
        status == null ? null : status.outcome(),
        run.failure() != null ? run.failure() : run.note(),
        run.startedAt(),
        run.closedAt(),
        KubernetesTargetView.of(kubernetes),
        links);
  }

  /** The workflow's status query (Temporal replays a closed run to answer it); the result of a completed one. */
  DeploymentStatus status(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).query(BlueGreenDeploymentWorkflow.STATUS_QUERY,
        DeploymentStatus.class);
  }

  private DeploymentStatus statusOf(RunDetails run) {
    // A completed deployment's result is its final status: one event to read, where the query would make a worker
    // replay the whole closed history.
    if ("COMPLETED".equals(run.status())) {
      try {
        // Of this run: the deployment's fixed ID may already carry its next run, whose result would be waited for.
        return client.newUntypedWorkflowStub(run.workflowId(), Optional.ofNullable(run.runId()), Optional.empty())
            .getResult(DeploymentStatus.class);
      } catch (RuntimeException e) {
        log.debug("Result of {} could not be read: {}", run.workflowId(), e.getMessage());
      }
    }
    try {
      return status(run.workflowId());
    } catch (RuntimeException e) {
      log.debug("Status query of {} failed: {}", run.workflowId(), e.getMessage());
    }
    return null;
  }

  private static ApiException notADeployment(String workflowId) {
    return ApiException.notFound(
        "No deployment with ID '" + workflowId + "' (deployment IDs look like deploy-<service>@<environment>)");
  }
}
