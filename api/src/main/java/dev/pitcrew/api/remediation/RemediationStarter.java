package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.remediation.AlertFacts;
import dev.pitcrew.workflows.remediation.AlertNotice;
import dev.pitcrew.workflows.remediation.RemediationIds;
import dev.pitcrew.workflows.remediation.RemediationInput;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import dev.pitcrew.workflows.remediation.RemediationWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Hands alerts to remediations. A firing alert goes to the remediation of its (runbook, target) with one
 * signal-with-start under a deterministic workflow ID: concurrent duplicates from a storm all land on the one
 * running remediation. A remediation stays open until its alert resolves or its rate-limit window closes (it holds
 * the target after its outcome), so a storm never meets it closing; the next firing after that starts a new one,
 * which the rate limit then judges.
 */
@Component
class RemediationStarter {
  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final ChatOpsLinks links;

  RemediationStarter(WorkflowClient client, TemporalCalls temporal, ChatOpsLinks links) {
    this.client = client;
    this.temporal = temporal;
    this.links = links;
  }

  /** Starts or joins the remediation; answers its workflow ID. */
  String fire(Runbook runbook, RemediationTarget target, AlertFacts alert, String incidentId) {
    String workflowId = RemediationIds.workflowIdFor(runbook.name(), target);
    boolean dryRun = runbook.dryRun();
    String channel = runbook.document().slackChannel();
    ChatOpsContext chat = channel == null ? null
        : new ChatOpsContext(channel, null, links.consoleRunsPrefix(), links.temporalUiRunsPrefix());
    RemediationInput input = new RemediationInput(runbook.plan(), target, alert, dryRun, incidentId, chat);
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
    AlertNotice firing = new AlertNotice(alert.fingerprint(), false);
    try {
      temporal.run(null, () -> client.newUntypedWorkflowStub(RemediationWorkflow.class.getSimpleName(), options)
          .signalWithStart(RemediationWorkflow.ALERT_SIGNAL, new Object[] {firing}, new Object[] {input}));
    } catch (WorkflowExecutionAlreadyStarted startedByAConcurrentAlert) {
      // Temporal's Java test server (local mode's engine) can answer a signal-with-start that races another one for
      // the same new workflow ID with "already started" instead of signalling: the run exists now, so this alert
      // joins it with a plain signal. Not a retry: the run it names is running, and holds until its episode ends.
      temporal.run(workflowId, () -> client.newUntypedWorkflowStub(workflowId)
          .signal(RemediationWorkflow.ALERT_SIGNAL, firing));
    }
    return workflowId;
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
