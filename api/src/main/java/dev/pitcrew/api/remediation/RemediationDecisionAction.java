package dev.pitcrew.api.remediation;

import dev.pitcrew.api.slack.ActionInvocation;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.ChatOpsPermissions;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackAction;
import dev.pitcrew.workflows.remediation.ApprovalDecision;
import dev.pitcrew.workflows.remediation.ApprovalOutcome;

/**
 * An Approve/Reject button on a remediation's approval request in Slack. The click goes to the workflow as the
 * Pitcrew account the Slack user is linked to, with whether that account holds {@code remediation.approve}: the
 * Update's validator decides (no permission → 403, not waiting or already decided → 409), and the dispatcher shows
 * its reason to the clicker alone. Anyone signed in may click, so the refusal is the workflow's, in its words.
 */
abstract class RemediationDecisionAction implements SlackAction {
  private final RemediationDecisions decisions;
  private final ChatOpsPermissions permissions;
  private final ChatOpsLinks links;

  RemediationDecisionAction(RemediationDecisions decisions, ChatOpsPermissions permissions, ChatOpsLinks links) {
    this.decisions = decisions;
    this.permissions = permissions;
    this.links = links;
  }

  abstract boolean approves();

  @Override
  public String permission() {
    return "read";
  }

  @Override
  public CommandReply handle(ActionInvocation click) {
    boolean permitted = permissions.check(click.user(), RemediationDecisions.PERMISSION, null).allowed();
    ApprovalOutcome outcome = decisions.decide(click.value(), new ApprovalDecision(click.user().identity(),
        approves(), "Clicked in Slack by <@" + click.user().slackUserId() + ">", permitted));
    return CommandReply.inChannel((outcome.approved() ? ":white_check_mark: Approved" : ":no_entry_sign: Rejected")
        + " by " + outcome.by() + ": remediation `" + click.value() + "` moves to " + outcome.phase() + ".\n"
        + links.mrkdwn(click.value()), click.value());
  }
}
