package dev.pitcrew.api.slack;

import java.util.List;

/**
 * One {@code /pitcrew} subcommand. Adding a command is one {@code @Component} implementing this; the registry,
 * help, permissions, audit, acknowledgement and replies come with it.
 */
public interface SlackCommand {

  /** The subcommand word, e.g. {@code status}. */
  String name();

  /** Arguments as shown in help, e.g. {@code <run-id>}; empty when it takes none. */
  String arguments();

  /** One line for {@code /pitcrew help}. */
  String summary();

  /** Typed examples for {@code /pitcrew help <name>}, without the slash command. */
  default List<String> examples() {
    return List.of();
  }

  /** The permission checked before it runs; its name by default. */
  default String permission() {
    return name();
  }

  /**
   * The permission for these arguments, for commands whose verbs need different permissions
   * ({@code incident ack} → {@code incident.ack}); {@link #permission()} by default.
   */
  default String permission(List<String> args) {
    return permission();
  }

  /**
   * The environment these arguments touch, checked against the user's roles ({@code deploy game-api prod} →
   * {@code prod}); null for commands that touch none. Throw {@link UsageException} for bad arguments.
   */
  default String environment(List<String> args) {
    return null;
  }

  /**
   * Carries the command out, off Slack's request thread (its answer has been sent already). Throw
   * {@link UsageException} for bad arguments, {@code ApiException} for unknown runs, conflicts and the like.
   */
  CommandReply run(CommandInvocation invocation);
}
