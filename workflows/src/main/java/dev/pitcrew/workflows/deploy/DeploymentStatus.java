package dev.pitcrew.workflows.deploy;

import java.util.List;

/**
 * Everything an operator needs to know about a deployment: the answer to the {@code status} query and, once the
 * deployment ends, its result.
 *
 * @param awaiting what a human is being asked to decide (send {@code approve} or {@code reject}); null otherwise
 * @param newColour the colour the new version runs in; null until it is prepared
 * @param previousColour the colour of the version that served before; null on a service's first deployment
 * @param trafficOn the colour the active Service selects now; null before the first switch of a new service
 * @param approvedBy the accepted approval, if any (ignored approvals are in {@code decisions})
 * @param rejectedBy the accepted rejection, if any
 * @param decisions every operator signal, accepted or ignored, in order
 * @param cutoverSwitchMillis how long the selector patch that switched traffic to the new version took
 * @param rollbackSwitchMillis how long the selector patch that switched traffic back took
 * @param outcome why the deployment ended as it did; null while it runs
 */
public record DeploymentStatus(
    String service,
    String environment,
    String requestedBy,
    String phase,
    String awaiting,
    String image,
    String previousImage,
    Colour newColour,
    Colour previousColour,
    Colour trafficOn,
    EffectiveStrategy strategy,
    List<AnalysisRun> analyses,
    OperatorDecision approvedBy,
    OperatorDecision rejectedBy,
    List<DecisionRecord> decisions,
    Long cutoverSwitchMillis,
    Long rollbackSwitchMillis,
    String outcome) {

  /** One line for the runs index. */
  public String summary() {
    return phase + ": " + outcome;
  }
}
