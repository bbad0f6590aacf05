package dev.pitcrew.workflows.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * How to roll out, with Argo Rollouts' blue-green knobs and defaults. Every field may be null, meaning "default";
 * {@link #resolve(boolean)} fixes the values when the deployment starts.
 *
 * @param autoPromotionEnabled promote without waiting for an {@code approve}; default true, but false in production
 * @param autoPromotionSeconds with auto-promotion, wait this long before promoting (an {@code approve} ends the wait
 *     early, a {@code reject} aborts); default 0
 * @param previewReplicaCount replicas of the new version while it is only behind the preview Service; scaled up to
 *     the full count before the switch; default: the full count
 * @param scaleDownDelaySeconds after the switch, how long the previous version keeps running at minimum; default 30
 * @param abortScaleDownDelaySeconds after an abort or rollback, how long the new version keeps running (for
 *     inspection) before it is scaled to zero; default 30
 * @param progressDeadlineSeconds how long the new version may take to become available; default 600
 * @param rollbackWindowSeconds after the switch, how long the previous version stays warm so a {@code rollback} is an
 *     instant selector flip; default 300. The previous version is scaled down after the longer of this and
 *     {@code scaleDownDelaySeconds}, and never before post-promotion analysis has finished.
 * @param prePromotionAnalysis measured against the preview Service before the switch; failure aborts
 * @param postPromotionAnalysis measured against the active Service after the switch; failure rolls back
 */
public record BlueGreenStrategy(
    Boolean autoPromotionEnabled,
    Integer autoPromotionSeconds,
    Integer previewReplicaCount,
    Integer scaleDownDelaySeconds,
    Integer abortScaleDownDelaySeconds,
    Integer progressDeadlineSeconds,
    Integer rollbackWindowSeconds,
    AnalysisSpec prePromotionAnalysis,
    AnalysisSpec postPromotionAnalysis,
    ApprovalPolicy approvalPolicy,
    PreCutoverHook preCutoverHook) {

  public static final int DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;
  public static final int DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS = 30;
  public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
  public static final int DEFAULT_ROLLBACK_WINDOW_SECONDS = 300;

  /** All defaults. */
  public static final BlueGreenStrategy DEFAULTS =
      new BlueGreenStrategy(null, null, null, null, null, null, null, null, null, null, null);

  /**
   * This strategy with every field {@code overrides} sets replaced: how a deployment request's overrides apply on
   * top of a service's catalogued strategy. Whole analyses, approval policies and hooks are replaced, not merged.
   */
  public BlueGreenStrategy overriddenBy(BlueGreenStrategy overrides) {
    if (overrides == null) {
      return this;
    }
    return new BlueGreenStrategy(
        either(overrides.autoPromotionEnabled, autoPromotionEnabled),
        either(overrides.autoPromotionSeconds, autoPromotionSeconds),
        either(overrides.previewReplicaCount, previewReplicaCount),
        either(overrides.scaleDownDelaySeconds, scaleDownDelaySeconds),
        either(overrides.abortScaleDownDelaySeconds, abortScaleDownDelaySeconds),
        either(overrides.progressDeadlineSeconds, progressDeadlineSeconds),
        either(overrides.rollbackWindowSeconds, rollbackWindowSeconds),
        either(overrides.prePromotionAnalysis, prePromotionAnalysis),
        either(overrides.postPromotionAnalysis, postPromotionAnalysis),
        either(overrides.approvalPolicy, approvalPolicy),
        either(overrides.preCutoverHook, preCutoverHook));
  }

  private static <T> T either(T override, T base) {
    return override != null ? override : base;
  }

  /** Fixes every default for a deployment of {@code replicas} replicas, in production or not. */
  public EffectiveStrategy resolve(boolean production, int replicas) {
    ApprovalPolicy policy = approvalPolicy == null ? ApprovalPolicy.DEFAULT : approvalPolicy;
    return new EffectiveStrategy(
        autoPromotionEnabled == null ? !production : autoPromotionEnabled,
        orDefault(autoPromotionSeconds, 0),
        previewReplicaCount == null ? replicas : previewReplicaCount,
        orDefault(scaleDownDelaySeconds, DEFAULT_SCALE_DOWN_DELAY_SECONDS),
        orDefault(abortScaleDownDelaySeconds, DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS),
        orDefault(progressDeadlineSeconds, DEFAULT_PROGRESS_DEADLINE_SECONDS),
        orDefault(rollbackWindowSeconds, DEFAULT_ROLLBACK_WINDOW_SECONDS),
        prePromotionAnalysis == null ? new AnalysisSpec(List.of()) : prePromotionAnalysis,
        postPromotionAnalysis == null ? new AnalysisSpec(List.of()) : postPromotionAnalysis,
        policy.effectiveTimeoutSeconds(),
        production && policy.effectiveForbidSelfApproval(),
        preCutoverHook);
  }

  List<String> problems(int replicas) {
    List<String> problems = new ArrayList<>();
    nonNegative(problems, "autoPromotionSeconds", autoPromotionSeconds);
    nonNegative(problems, "scaleDownDelaySeconds", scaleDownDelaySeconds);
    nonNegative(problems, "abortScaleDownDelaySeconds", abortScaleDownDelaySeconds);
    nonNegative(problems, "rollbackWindowSeconds", rollbackWindowSeconds);
    if (progressDeadlineSeconds != null && progressDeadlineSeconds < 1) {
      problems.add("progressDeadlineSeconds must be at least 1");
    }
    if (previewReplicaCount != null && (previewReplicaCount < 1 || previewReplicaCount > replicas)) {
      problems.add("previewReplicaCount must be between 1 and replicas");
    }
    if (approvalPolicy != null) {
      nonNegative(problems, "approvalPolicy.timeoutSeconds", approvalPolicy.timeoutSeconds());
    }
    if (preCutoverHook != null) {
      if (preCutoverHook.activityType() == null || preCutoverHook.activityType().isBlank()) {
        problems.add("preCutoverHook.activityType is required");
      }
      if (preCutoverHook.effectiveTimeoutSeconds() < 1 || preCutoverHook.effectiveMaximumAttempts() < 1) {
        problems.add("preCutoverHook timeoutSeconds and maximumAttempts must be at least 1");
      }
    }
    if (prePromotionAnalysis != null) {
      prePromotionAnalysis.metrics().forEach(m -> problems.addAll(m.problems("prePromotionAnalysis")));
    }
    if (postPromotionAnalysis != null) {
      postPromotionAnalysis.metrics().forEach(m -> problems.addAll(m.problems("postPromotionAnalysis")));
    }
    return problems;
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static void nonNegative(List<String> problems, String field, Integer value) {
    if (value != null && value < 0) {
      problems.add(field + " must not be negative");
    }
  }
}
