package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.remediation.AlertFacts;
import dev.pitcrew.workflows.remediation.AlertNotice;
import dev.pitcrew.workflows.remediation.RemediationIds;
import dev.pitcrew.workflows.remediation.RemediationInput;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import dev.pitcrew.workflows.remediation.RemediationWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Hands alerts to remediations. A firing alert goes to the remediation of its (runbook, target) with one
 * signal-with-start under a deterministic workflow ID: concurrent duplicates from a storm all land on the one
 * running remediation; once it has ended, the next firing starts a new one (which the rate limit then judges).
 */
@Component
class RemediationStarter {
  private static final int SIGNAL_WITH_START_ATTEMPTS = 3;

  private final WorkflowClient client;
  private final TemporalCalls temporal;

  RemediationStarter(WorkflowClient client, TemporalCalls temporal) {
    this.client = client;
    this.temporal = temporal;
  }

  /** Starts or joins the remediation; answers its workflow ID. */
  String fire(Runbook runbook, RemediationTarget target, AlertFacts alert, String incidentId) {
    String workflowId = RemediationIds.workflowIdFor(runbook.name(), target);
    boolean dryRun = runbook.dryRun();
    RemediationInput input = new RemediationInput(runbook.plan(), target, alert, dryRun, incidentId);
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.OPERATIONS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setMemo(Map.of("type", RemediationWorkflow.RUN_TYPE, "service", target.service(), "runbook", runbook.name()))
        .setStaticSummary("Remediation: runbook " + runbook.name() + " on " + target.key()
            + (dryRun ? " (dry-run)" : ""))
        .setStaticDetails("Alert " + alert.alertname() + " (" + alert.fingerprint() + "): " + alert.summary()
            + "\nRunbook " + runbook.name() + " v" + runbook.version() + ", paging " + runbook.paging())
        .build();
    for (int attempt = 1; ; attempt++) {
      try {
        temporal.run(null, () -> client.newUntypedWorkflowStub(RemediationWorkflow.class.getSimpleName(), options)
            .signalWithStart(RemediationWorkflow.ALERT_SIGNAL,
                new Object[] {new AlertNotice(alert.fingerprint(), false)}, new Object[] {input}));
        return workflowId;
      } catch (WorkflowException endingAsWeAsked) {
        // In a storm the target's remediation can be closing just as this alert arrives: the engine then neither
        // signals the closing run nor starts the next one (it answers "already started", or NOT_FOUND "completed
        // workflow"). Asking again lands on one or the other.
        if (!closingWhileAsked(endingAsWeAsked) || attempt == SIGNAL_WITH_START_ATTEMPTS) {
          throw endingAsWeAsked;
        }
      }
    }
  }

  private static boolean closingWhileAsked(WorkflowException e) {
    if (e instanceof WorkflowExecutionAlreadyStarted) {
      return true;
    }
    return e instanceof WorkflowServiceException && e.getCause() instanceof StatusRuntimeException grpc
        && grpc.getStatus().getCode() == Status.Code.NOT_FOUND;
  }

  /** Delivers a resolved notification to the running remediation; false when none runs for the target. */
  boolean resolve(Runbook runbook, RemediationTarget target, String fingerprint) {
    String workflowId = RemediationIds.workflowIdFor(runbook.name(), target);
    try {
      temporal.run(workflowId, () -> client.newUntypedWorkflowStub(workflowId)
          .signal(RemediationWorkflow.ALERT_SIGNAL, new AlertNotice(fingerprint, true)));
      return true;
    } catch (ApiException notRunning) {
      if (notRunning.status().value() == 404) {
        return false;
      }
      throw notRunning;
    } catch (WorkflowNotFoundException notRunning) {
      return false;
    }
  }
}
