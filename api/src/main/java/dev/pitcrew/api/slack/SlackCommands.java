package dev.pitcrew.api.slack;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Every {@link SlackCommand} and {@link SlackAction} bean, by name and action ID, and the help texts. */
@Component
public class SlackCommands {
  private final Map<String, SlackCommand> commands = new TreeMap<>();
  private final Map<String, SlackAction> actions = new TreeMap<>();
  private final String slash;

  SlackCommands(List<SlackCommand> commands, List<SlackAction> actions, ChatOpsProperties properties) {
    for (SlackCommand command : commands) {
      if (this.commands.put(command.name(), command) != null || "help".equals(command.name())) {
        throw new IllegalStateException("Two Slack commands are named '" + command.name() + "'");
      }
    }
    for (SlackAction action : actions) {
      if (this.actions.put(action.actionId(), action) != null) {
        throw new IllegalStateException("Two Slack actions have the action ID '" + action.actionId() + "'");
      }
    }
    this.slash = properties.command();
  }

  public Optional<SlackCommand> command(String name) {
    return Optional.ofNullable(commands.get(name));
  }

  public Optional<SlackAction> action(String actionId) {
    return Optional.ofNullable(actions.get(actionId));
  }

  public String slash() {
    return slash;
  }

  /** {@code /pitcrew help}: every command with one line each. */
  public String help() {
    StringBuilder help = new StringBuilder("*Pitcrew commands*\n");
    for (SlackCommand command : commands.values()) {
      help.append("• `").append(usage(command)).append("` — ").append(command.summary()).append('\n');
    }
    help.append("• `").append(slash).append(" help [command]` — this list, or one command's details");
    return help.toString();
  }

  /** {@code /pitcrew help <command>}, also shown after a usage error. */
  public String help(SlackCommand command) {
    StringBuilder help = new StringBuilder("Usage: `").append(usage(command)).append("` — ")
        .append(command.summary());
    if (!command.examples().isEmpty()) {
      help.append("\nExamples:");
      for (String example : command.examples()) {
        help.append("\n• `").append(slash).append(' ').append(example).append('`');
      }
    }
    return help.toString();
  }

  private String usage(SlackCommand command) {
    return (slash + " " + command.name() + " " + command.arguments()).strip();
  }
}
