package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.runs.RunFilter;
import dev.pitcrew.api.runs.RunIndexQueries;
import dev.pitcrew.api.runs.RunSummary;
import dev.pitcrew.api.runs.RunTypes;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackCommand;
import dev.pitcrew.api.slack.UsageException;
import dev.pitcrew.workflows.run.RunStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code /pitcrew runs [type] [status]}: the ten newest runs, from the runs index. */
@Component
class RunsCommand implements SlackCommand {
  static final int LIMIT = 10;

  private final RunIndexQueries index;
  private final RunTypes runTypes;
  private final ChatOpsLinks links;

  RunsCommand(RunIndexQueries index, RunTypes runTypes, ChatOpsLinks links) {
    this.index = index;
    this.runTypes = runTypes;
    this.links = links;
  }

  @Override
  public String name() {
    return "runs";
  }

  @Override
  public String arguments() {
    return "[type] [status]";
  }

  @Override
  public String summary() {
    return "the " + LIMIT + " newest runs, optionally of one type and/or status";
  }

  @Override
  public List<String> examples() {
    return List.of("runs", "runs self-check", "runs self-check running", "runs failed");
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    String type = null;
    String status = null;
    for (String arg : invocation.args()) {
      String upper = arg.toUpperCase(Locale.ROOT);
      if (status == null && Arrays.stream(RunStatus.values()).anyMatch(s -> s.name().equals(upper))) {
        status = upper;
      } else if (type == null && runTypes.listable(arg)) {
        type = arg;
      } else {
        throw new UsageException("`" + arg + "` is neither a run type nor a status (one of "
            + Arrays.toString(RunStatus.values()).toLowerCase(Locale.ROOT) + ").");
      }
    }
    List<RunSummary> runs = index.list(new RunFilter(type, status, null, null, 0, LIMIT));
    String filter = (type == null ? "" : " " + type) + (status == null ? "" : " " + status.toLowerCase(Locale.ROOT));
    if (runs.isEmpty()) {
      return CommandReply.ephemeral("No" + filter + " runs yet.");
    }
    StringBuilder text = new StringBuilder("*Newest" + filter + " runs*");
    for (RunSummary run : runs.subList(0, Math.min(LIMIT, runs.size()))) {
      text.append("\n• <").append(links.consoleRunsPrefix()).append(run.workflowId()).append('|')
          .append(run.workflowId()).append("> ").append(run.status().toLowerCase(Locale.ROOT));
      if (run.phase() != null) {
        text.append(" · ").append(run.phase());
      }
      text.append(" · started ").append(run.startedAt());
    }
    return CommandReply.ephemeral(text.toString());
  }
}
