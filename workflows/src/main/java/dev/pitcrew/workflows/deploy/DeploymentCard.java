package dev.pitcrew.workflows.deploy;

import dev.pitcrew.workflows.chatops.ChatOpsActions;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.chatops.RunButton;
import dev.pitcrew.workflows.chatops.RunCard;
import java.util.ArrayList;
import java.util.List;

/**
 * What a deployment's Slack message says: what is rolled out where, who asked and approved, where traffic is, and
 * Approve/Reject buttons exactly while a human decision is awaited. Pure, so workflow code may call it.
 */
final class DeploymentCard {
  private DeploymentCard() {}

  static RunCard of(String workflowId, String runStatus, DeploymentStatus status, ChatOpsContext chat) {
    List<String> facts = new ArrayList<>();
    facts.add("Image: " + status.image() + (status.previousImage() == null ? "" : " (was " + status.previousImage() + ")"));
    facts.add("Requested by " + status.requestedBy());
    if (status.trafficOn() != null) {
      facts.add("Traffic on " + status.trafficOn().label()
          + (status.trafficOn() == status.newColour() ? " (new version)" : " (previous version)"));
    }
    if (status.awaiting() != null) {
      facts.add("Awaiting: " + status.awaiting());
    }
    if (status.approvedBy() != null) {
      facts.add("Approved by " + status.approvedBy().by());
    }
    if (status.rejectedBy() != null) {
      facts.add("Rejected by " + status.rejectedBy().by());
    }
    if (status.outcome() != null) {
      facts.add("Outcome: " + status.outcome());
    }
    // The phase, not the open question: the message is updated as the phase is entered, just before the question.
    boolean awaitingDecision =
        "RUNNING".equals(runStatus) && DeploymentPhase.AWAITING_APPROVAL.label().equals(status.phase());
    List<RunButton> buttons =
        awaitingDecision
            ? List.of(
                new RunButton(ChatOpsActions.DEPLOY_APPROVE, "Approve", workflowId, "primary"),
                new RunButton(ChatOpsActions.DEPLOY_REJECT, "Reject", workflowId, "danger"))
            : List.of();
    return new RunCard(
        "Deployment of " + status.service() + " to " + status.environment(),
        workflowId,
        runStatus,
        status.phase(),
        chat,
        facts,
        buttons);
  }
}
