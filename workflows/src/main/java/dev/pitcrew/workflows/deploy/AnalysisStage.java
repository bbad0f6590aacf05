package dev.pitcrew.workflows.deploy;

/** Pre-promotion analysis measures the preview Service; post-promotion analysis measures the active one. */
public enum AnalysisStage {
  PRE_PROMOTION,
  POST_PROMOTION
}
