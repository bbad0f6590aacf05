package dev.pitcrew.api.slack;

import dev.pitcrew.api.security.RoleCatalog;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Permissions for Slack commands and buttons, from the same {@link RoleCatalog} as REST and the console: a Slack
 * user has the roles of the Pitcrew identity they are linked to, and those listed for their Slack user ID.
 */
@Component
public class ChatOpsPermissions {
  /** Whether it is allowed, and if not, the plain reason to show the user. */
  public record Decision(boolean allowed, Set<String> roles, String reason) {}

  private final RoleCatalog catalog;

  ChatOpsPermissions(RoleCatalog catalog) {
    this.catalog = catalog;
  }

  public Set<String> rolesOf(SlackIdentity user) {
    return catalog.rolesOf(user.identity(), user.slackUserId());
  }

  /**
   * @param permission a command name ({@code selfcheck}) or action name ({@code selfcheck.confirm})
   * @param environment the environment the request touches, or null
   */
  public Decision check(SlackIdentity user, String permission, String environment) {
    Set<String> roles = rolesOf(user);
    RoleCatalog.Decision decision = catalog.check(user.identity(), roles, Set.of(), permission, environment);
    return new Decision(decision.allowed(), roles, decision.reason());
  }
}
