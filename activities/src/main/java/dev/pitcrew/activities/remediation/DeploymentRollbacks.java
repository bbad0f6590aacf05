package dev.pitcrew.activities.remediation;

import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflow;
import dev.pitcrew.workflows.deploy.DecisionRecord;
import dev.pitcrew.workflows.deploy.DeploymentStatus;
import dev.pitcrew.workflows.deploy.OperatorDecision;
import dev.pitcrew.workflows.remediation.ActionReport;
import dev.pitcrew.workflows.remediation.ActionRequest;
import io.temporal.activity.Activity;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * A runbook's "roll back to the previous version": the remediation asks the live blue-green deployment of its
 * service to the step's environment to roll back, through the deployment's own {@code rollback} Update. The
 * deployment family decides whether it can (its validator: the previous version is still warm, the deployment is
 * not already finishing; before promotion a rollback is an abort) and carries it out as it would for an operator, so
 * the rollback, its timing and who asked for it are on the deployment's timeline.
 *
 * <p>Once the rollback window has closed there is no warm version to flip back to; the deployment family's answer
 * is a new deployment of the previous image, which is a release decision, not a remediation: the step fails with
 * the deployment's reason and the remediation escalates.
 *
 * <p>Idempotent: the Update's ID is the step's action key, so a retried activity attaches to the same Update (the
 * server deduplicates it); a retry after the rolled-back deployment has finished finds its own decision in the
 * deployment's status and reports it as already done.
 */
@Component
public class DeploymentRollbacks {
  private final WorkflowClient client;

  public DeploymentRollbacks(@Lazy WorkflowClient client) {
    this.client = client;
  }

  public ActionReport rollBack(ActionRequest request) {
    String environment = request.step().param("environment");
    String service = request.target().service();
    String deploymentId = BlueGreenDeploymentWorkflow.workflowId(service, environment);
    String by = Activity.getExecutionContext().getInfo().getWorkflowId();
    String reason = "runbook step " + request.step().name() + " (" + request.actionKey() + ")";
    UpdateOptions<DecisionRecord> update = UpdateOptions.newBuilder(DecisionRecord.class)
        .setUpdateName(BlueGreenDeploymentWorkflow.ROLLBACK)
        .setUpdateId(request.actionKey())
        .setWaitForStage(WorkflowUpdateStage.COMPLETED)
        .build();
    try {
      DecisionRecord answer = client.newUntypedWorkflowStub(deploymentId)
          .startUpdate(update, new OperatorDecision(by, reason))
          .getResult();
      return new ActionReport("asked deployment " + deploymentId + " to roll back: " + answer.note(), false);
    } catch (WorkflowUpdateException refused) {
      String why = refused.getCause() instanceof ApplicationFailure failure
          ? failure.getOriginalMessage() : String.valueOf(refused.getCause());
      throw ApplicationFailure.newNonRetryableFailure(
          "deployment " + deploymentId + " refused the rollback: " + why, "RollbackRefused");
    } catch (WorkflowNotFoundException notRunning) {
      if (alreadyRolledBackBy(deploymentId, request.actionKey())) {
        return new ActionReport("deployment " + deploymentId + " rolled back", true);
      }
      throw ApplicationFailure.newNonRetryableFailure("no deployment of " + service + " to " + environment
          + " is running (" + deploymentId + "): nothing warm to roll back to; deploy the previous image instead",
          "NoLiveDeployment");
    }
  }

  /** Whether the deployment's last run ended rolled back by this very step (a retry after it finished). */
  private boolean alreadyRolledBackBy(String deploymentId, String actionKey) {
    DeploymentStatus status;
    try {
      status = client.newUntypedWorkflowStub(deploymentId)
          .query(BlueGreenDeploymentWorkflow.STATUS_QUERY, DeploymentStatus.class);
    } catch (WorkflowNotFoundException never) {
      return false;
    }
    return status != null && status.decisions() != null && status.decisions().stream()
        .anyMatch(d -> BlueGreenDeploymentWorkflow.ROLLBACK.equals(d.kind()) && d.accepted()
            && d.reason() != null && d.reason().contains(actionKey));
  }
}
