package dev.pitcrew.workflows.remediation;

import dev.pitcrew.workflows.chatops.ChatOpsActions;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.chatops.RunButton;
import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.SlackMessageRef;
import dev.pitcrew.workflows.chatops.SlackMessages;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A remediation's question in Slack: one message with Approve/Reject buttons while it waits, rewritten without them
 * once it is decided or timed out. Everything runs in the background with bounded retries, so Slack never holds the
 * remediation up; a failure is told to {@code timeline}. Only use from workflow code.
 */
final class ApprovalRequest {
  private static final ActivityOptions SLACK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(20))
          .setScheduleToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(1))
              .setMaximumInterval(Duration.ofSeconds(30))
              .setMaximumAttempts(5)
              .setDoNotRetry("SlackRejected")
              .build())
          .build();

  private final ChatOpsContext chat;
  private final String title;
  private final List<String> facts;
  private final Consumer<String> timeline;
  private final SlackMessages slack;
  private Promise<SlackMessageRef> posted;

  private ApprovalRequest(ChatOpsContext chat, String title, List<String> facts, Consumer<String> timeline) {
    this.chat = chat;
    this.title = title;
    this.facts = facts;
    this.timeline = timeline;
    this.slack = Workflow.newActivityStub(SlackMessages.class,
        ActivityOptions.newBuilder(SLACK).setSummary("ask for approval in Slack " + chat.channel()).build());
  }

  /** Posts the question in the background. */
  static ApprovalRequest ask(ChatOpsContext chat, String title, List<String> facts, Consumer<String> timeline) {
    ApprovalRequest request = new ApprovalRequest(chat, title, facts, timeline);
    request.posted = Async.function(() -> {
      try {
        SlackMessageRef ref = request.slack.post(chat.channel(), request.card("RUNNING", null, true));
        timeline.accept("Asked for approval in Slack (" + chat.channel() + ")");
        return ref;
      } catch (ActivityFailure failure) {
        timeline.accept("Could not ask in Slack: " + failure.getCause().getMessage()
            + " (approve or reject through the API or the console)");
        return null;
      }
    });
    return request;
  }

  /** Rewrites the question as answered, without buttons, in the background. */
  void close(String status, String answer) {
    Promise<SlackMessageRef> message = posted;
    Async.procedure(() -> {
      SlackMessageRef ref = message.get();
      if (ref == null) {
        return;
      }
      try {
        slack.update(ref, card(status, answer, false));
      } catch (ActivityFailure failure) {
        timeline.accept("Could not update the approval message in Slack: " + failure.getCause().getMessage());
      }
    });
  }

  private RunCard card(String status, String answer, boolean buttons) {
    List<String> lines = new ArrayList<>(facts);
    if (answer != null) {
      lines.add(answer);
    }
    String workflowId = Workflow.getInfo().getWorkflowId();
    return new RunCard(title, workflowId, status, buttons ? RemediationWorkflowImpl.AWAITING_APPROVAL : null, chat,
        lines, buttons
            ? List.of(new RunButton(ChatOpsActions.REMEDIATION_APPROVE, "Approve", workflowId, "primary"),
                new RunButton(ChatOpsActions.REMEDIATION_REJECT, "Reject", workflowId, "danger"))
            : List.of());
  }
}
