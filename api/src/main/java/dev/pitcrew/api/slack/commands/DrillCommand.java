package dev.pitcrew.api.slack.commands;

import dev.pitcrew.activities.drill.DrillDefinitionStore;
import dev.pitcrew.api.runs.RunLauncher;
import dev.pitcrew.api.runs.StartedRun;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackCommand;
import dev.pitcrew.api.slack.UsageException;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /pitcrew drill run <name>} starts a drill whose message in the channel follows it to its report;
 * {@code /pitcrew drill status [name]} answers the last result of one drill, or of every drill.
 */
@Component
class DrillCommand implements SlackCommand {
  private final RunLauncher launcher;
  private final ChatOpsLinks links;
  private final DrillDefinitionStore definitions;
  private final JdbcClient jdbc;

  DrillCommand(RunLauncher launcher, ChatOpsLinks links, DrillDefinitionStore definitions, JdbcClient jdbc) {
    this.launcher = launcher;
    this.links = links;
    this.definitions = definitions;
    this.jdbc = jdbc;
  }

  @Override
  public String name() {
    return "drill";
  }

  @Override
  public String arguments() {
    return "run <name> | status [name]";
  }

  @Override
  public String summary() {
    return "run a backup and restore drill, or show the last result of drills";
  }

  @Override
  public List<String> examples() {
    return List.of("drill run game-db", "drill status", "drill status game-db");
  }

  @Override
  public String permission(List<String> args) {
    return "run".equals(verb(args)) ? "drills.run" : "drills.read";
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    List<String> words = invocation.args().subList(1, invocation.args().size());
    return switch (verb(invocation.args())) {
      case "run" -> start(invocation, words);
      default -> status(words);
    };
  }

  private CommandReply start(CommandInvocation invocation, List<String> words) {
    if (words.size() != 1) {
      throw new UsageException("`drill run` takes the drill's name, e.g. `drill run game-db`.");
    }
    String name = words.getFirst();
    if (definitions.find(name).isEmpty()) {
      throw new UsageException("There is no drill named `" + name + "`; `drill status` lists them.");
    }
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.put("drill", name);
    input.put("requestedBy", invocation.user().identity());
    ChatOpsContext chat = new ChatOpsContext(invocation.channel(), invocation.user().slackUserId(),
        links.consoleRunsPrefix(), links.temporalUiRunsPrefix());
    StartedRun run = launcher.start(DrillWorkflow.RUN_TYPE, input, invocation.idempotencyKey(), chat);
    return CommandReply.inChannel((run.created() ? "Started" : "Already started") + " drill `" + name
        + "`: it posts its progress and its report here.\n" + links.mrkdwn(run.workflowId()), run.workflowId());
  }

  private CommandReply status(List<String> words) {
    if (words.size() > 1) {
      throw new UsageException("`drill status` takes at most one drill name.");
    }
    List<String> names = words.isEmpty()
        ? definitions.list().stream().map(d -> d.definition().name()).toList() : List.of(words.getFirst());
    if (names.isEmpty()) {
      return CommandReply.ephemeral("No drills are defined yet (PUT /api/v1/drills/<name>, see docs/drills.md).");
    }
    StringBuilder text = new StringBuilder("*Backup drills*");
    for (String name : names) {
      if (definitions.find(name).isEmpty()) {
        throw new UsageException("There is no drill named `" + name + "`.");
      }
      text.append("\n• `").append(name).append("`: ").append(lastResult(name));
    }
    return CommandReply.ephemeral(text.toString());
  }

  private String lastResult(String name) {
    return jdbc.sql("""
            select status, finished_at, rto_seconds, rpo_seconds, report->>'failure' failure
            from drill_runs where drill_name = :name order by finished_at desc limit 1""")
        .param("name", name)
        .query((rs, row) -> Map.of("line", line(rs.getString("status"), rs.getTimestamp("finished_at"),
            (Double) rs.getObject("rto_seconds"), (Double) rs.getObject("rpo_seconds"), rs.getString("failure"))))
        .optional()
        .map(m -> (String) m.get("line"))
        .orElse("never run");
  }

  private static String line(String status, Timestamp finished, Double rto, Double rpo, String failure) {
    StringBuilder line = new StringBuilder(status.toLowerCase(Locale.ROOT)).append(" at ")
        .append(finished.toInstant());
    if (rto != null) {
      line.append(", RTO ").append(Math.round(rto)).append(" s, RPO ").append(Math.round(rpo)).append(" s");
    }
    if (failure != null) {
      line.append(" — ").append(failure);
    }
    return line.toString();
  }

  private static String verb(List<String> args) {
    String verb = args.isEmpty() ? "" : args.getFirst().toLowerCase(Locale.ROOT);
    if (!verb.equals("run") && !verb.equals("status")) {
      throw new UsageException(args.isEmpty()
          ? "`drill` needs what to do: `drill run <name>` or `drill status [name]`."
          : "`drill " + args.getFirst() + "` is not something Pitcrew does; use `run` or `status`.");
    }
    return verb;
  }
}
