package dev.pitcrew.api.remediation;

import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.CommandReply;
import dev.pitcrew.api.slack.SlackCommand;
import dev.pitcrew.api.slack.UsageException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code /pitcrew remediation status|pause|resume|dry-run [on|off] <runbook>}: what the runbooks are set to, and the
 * per-runbook kill switch and dry-run. {@code pause all}/{@code resume all} work the global kill switch.
 */
@Component
class RemediationCommand implements SlackCommand {
  static final String STEER = "remediation.steer";
  static final String ALL = "all";

  private final RunbookStore store;
  private final RemediationSwitches switches;
  private final RunbookCatalogue catalogue;

  RemediationCommand(RunbookStore store, RemediationSwitches switches, RunbookCatalogue catalogue) {
    this.store = store;
    this.switches = switches;
    this.catalogue = catalogue;
  }

  @Override
  public String name() {
    return "remediation";
  }

  @Override
  public String arguments() {
    return "status [runbook] | pause <runbook|all> | resume <runbook|all> | dry-run <on|off> <runbook>";
  }

  @Override
  public String summary() {
    return "auto-remediation runbooks: their switches, pause/resume (kill switch), dry-run";
  }

  @Override
  public List<String> examples() {
    return List.of("remediation status", "remediation pause game-server-oom", "remediation resume all",
        "remediation dry-run on matchmaking-backlog");
  }

  @Override
  public String permission(List<String> args) {
    return args.isEmpty() || "status".equals(args.get(0)) ? "read" : STEER;
  }

  @Override
  public CommandReply run(CommandInvocation invocation) {
    List<String> args = invocation.args();
    String verb = args.isEmpty() ? "status" : args.get(0);
    String by = invocation.user().identity();
    return switch (verb) {
      case "status" -> status(args.size() > 1 ? args.get(1) : null);
      case "pause", "resume" -> {
        String runbook = argument(args, 1, "Name a runbook, or `all` for the kill switch.");
        boolean paused = verb.equals("pause");
        if (runbook.equals(ALL)) {
          switches.set(RemediationSwitches.GLOBAL, paused, null, by);
          yield CommandReply.inChannel((paused ? ":octagonal_sign: Auto-remediation paused for every runbook"
              : ":arrow_forward: Auto-remediation resumed") + " by " + by + ".", RemediationSwitches.GLOBAL);
        }
        existing(runbook);
        switches.set(runbook, paused, null, by);
        yield CommandReply.inChannel("Runbook `" + runbook + "` " + (paused ? "paused" : "resumed") + " by " + by
            + ".", runbook);
      }
      case "dry-run" -> {
        String mode = argument(args, 1, "Say `on` or `off`, then the runbook.");
        if (!mode.equals("on") && !mode.equals("off")) {
          throw new UsageException("Say `on` or `off`, then the runbook.");
        }
        String runbook = argument(args, 2, "Name the runbook.");
        existing(runbook);
        switches.set(runbook, null, mode.equals("on"), by);
        catalogue.changed();
        yield CommandReply.inChannel("Runbook `" + runbook + "` dry-run " + mode + " (" + by + ").", runbook);
      }
      default -> throw new UsageException("`" + verb + "` is not one of status, pause, resume, dry-run.");
    };
  }

  private CommandReply status(String only) {
    Map<String, RemediationSwitches.Switch> all = switches.all();
    boolean killed = all.getOrDefault(RemediationSwitches.GLOBAL, new RemediationSwitches.Switch(false, false, null))
        .paused();
    StringBuilder text = new StringBuilder(killed
        ? ":octagonal_sign: *Auto-remediation is paused for every runbook* (`/pitcrew remediation resume all`)"
        : "*Runbooks*");
    List<Runbook> runbooks = catalogue.current();
    if (only != null) {
      existing(only);
      runbooks = runbooks.stream().filter(r -> r.name().equals(only)).toList();
    }
    if (runbooks.isEmpty()) {
      text.append("\nNo runbooks yet: `PUT /api/v1/runbooks/<name>` (docs/remediation.md).");
    }
    for (Runbook runbook : runbooks) {
      RemediationSwitches.Switch state = all.getOrDefault(runbook.name(),
          new RemediationSwitches.Switch(false, false, null));
      text.append("\n• `").append(runbook.name()).append("` v").append(runbook.version())
          .append(state.paused() ? " · *paused*" : " · active")
          .append(runbook.dryRun() || state.dryRun() ? " · dry-run" : "")
          .append(" · ").append(String.join(", ", runbook.document().matchers()));
    }
    return CommandReply.ephemeral(text.toString());
  }

  private void existing(String runbook) {
    if (store.find(runbook).isEmpty()) {
      throw new UsageException("There is no runbook `" + runbook + "`.");
    }
  }

  private static String argument(List<String> args, int index, String missing) {
    if (args.size() <= index) {
      throw new UsageException(missing);
    }
    return args.get(index);
  }
}
