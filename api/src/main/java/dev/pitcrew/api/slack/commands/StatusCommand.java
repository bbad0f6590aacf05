package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.runs.RunDetails;
import dev.pitcrew.api.runs.RunInspector;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackCommand;
import dev.pitcrew.api.slack.UsageException;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code /pitcrew status <run-id>}: where a run is, from Temporal. */
@Component
class StatusCommand implements SlackCommand {
  private final RunInspector inspector;
  private final ChatOpsLinks links;

  StatusCommand(RunInspector inspector, ChatOpsLinks links) {
    this.inspector = inspector;
    this.links = links;
  }

  @Override
  public String name() {
    return "status";
  }

  @Override
  public String arguments() {
    return "<run-id>";
  }

  @Override
  public String summary() {
    return "status, phase and links of one run";
  }

  @Override
  public List<String> examples() {
    return List.of("status selfcheck-demo-20261125-100000-ab12");
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    if (invocation.args().size() != 1) {
      throw new UsageException("`status` takes exactly one run ID.");
    }
    RunDetails run = inspector.details(invocation.args().getFirst());
    StringBuilder text = new StringBuilder()
        .append("*").append(run.type()).append("* run `").append(run.workflowId()).append("`: *")
        .append(run.status()).append("*");
    if (run.phase() != null) {
      text.append(", phase *").append(run.phase()).append("*");
    }
    text.append("\nStarted ").append(run.startedAt());
    if (run.closedAt() != null) {
      text.append(", closed ").append(run.closedAt());
    }
    if (run.failure() != null) {
      text.append("\nFailure: ").append(run.failure());
    }
    if (run.note() != null) {
      text.append("\n").append(run.note());
    }
    text.append("\n").append(links.mrkdwn(run.workflowId()));
    return CommandReply.ephemeral(text.toString(), run.workflowId());
  }
}
