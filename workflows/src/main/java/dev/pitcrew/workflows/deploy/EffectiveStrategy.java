package dev.pitcrew.workflows.deploy;

/**
 * A {@link BlueGreenStrategy} with every default filled in, as the deployment runs it (shown in its status).
 *
 * @param approvalTimeoutSeconds 0 waits indefinitely
 * @param forbidSelfApproval true when the requester's own approvals are ignored (production only)
 * @param preCutoverHook null when there is none
 */
public record EffectiveStrategy(
    boolean autoPromotionEnabled,
    int autoPromotionSeconds,
    int previewReplicaCount,
    int scaleDownDelaySeconds,
    int abortScaleDownDelaySeconds,
    int progressDeadlineSeconds,
    int rollbackWindowSeconds,
    AnalysisSpec prePromotionAnalysis,
    AnalysisSpec postPromotionAnalysis,
    int approvalTimeoutSeconds,
    boolean forbidSelfApproval,
    PreCutoverHook preCutoverHook) {}
