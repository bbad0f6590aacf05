package dev.pitcrew.api.deployments;

import dev.pitcrew.workflows.deploy.AnalysisRun;
import dev.pitcrew.workflows.deploy.Colour;
import dev.pitcrew.workflows.deploy.DecisionRecord;
import dev.pitcrew.workflows.deploy.EffectiveStrategy;
import dev.pitcrew.workflows.deploy.OperatorDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/deployments/{id}}: the run's lifecycle from Temporal and the deployment's own status (its
 * {@code status} query while running, its result once ended). Deployment fields are null when the status cannot
 * be read (a run that failed before it could report, or one Temporal no longer holds).
 *
 * @param status the run's status: RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, TIMED_OUT
 * @param phase the deployment's phase: Pending, Deploying, Analysing, AwaitingApproval, Promoting, Promoted,
 *     RollingBack, RolledBack, Aborted, Failed
 * @param awaiting what a human is asked to decide, when approve or reject is awaited
 * @param failure why the run failed, when it did
 */
public record DeploymentView(
    String workflowId,
    String runId,
    String status,
    String phase,
    String service,
    String environment,
    String image,
    String previousImage,
    Colour newColour,
    Colour previousColour,
    Colour trafficOn,
    String awaiting,
    String requestedBy,
    OperatorDecision approvedBy,
    OperatorDecision rejectedBy,
    List<DecisionRecord> decisions,
    List<AnalysisRun> analyses,
    EffectiveStrategy strategy,
    Long cutoverSwitchMillis,
    Long rollbackSwitchMillis,
    String outcome,
    String failure,
    Instant startedAt,
    Instant closedAt,
    KubernetesTargetView kubernetes,
    Map<String, String> links) {}
