package dev.pitcrew.api.slack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Role-based permissions for Slack commands and buttons: a user has the default roles plus every role that
 * lists their identity or Slack user ID; a permission is granted when one role allows both the command and, for
 * commands that touch an environment, that environment. Anything not granted is denied.
 */
@Component
public class ChatOpsPermissions {
  /** Whether it is allowed, and if not, the plain reason to show the user. */
  public record Decision(boolean allowed, Set<String> roles, String reason) {}

  private final ChatOpsProperties properties;

  ChatOpsPermissions(ChatOpsProperties properties) {
    this.properties = properties;
  }

  public Set<String> rolesOf(SlackIdentity user) {
    Set<String> roles = new LinkedHashSet<>(properties.defaultRoles());
    for (Map.Entry<String, ChatOpsProperties.Role> role : properties.roles().entrySet()) {
      for (String member : role.getValue().members()) {
        if (member.equalsIgnoreCase(user.identity()) || member.equalsIgnoreCase(user.slackUserId())) {
          roles.add(role.getKey());
        }
      }
    }
    return roles;
  }

  /**
   * @param permission a command name ({@code selfcheck}) or action name ({@code selfcheck.confirm})
   * @param environment the environment the request touches, or null
   */
  public Decision check(SlackIdentity user, String permission, String environment) {
    Set<String> roles = rolesOf(user);
    boolean commandAllowedSomewhere = false;
    for (String roleName : roles) {
      ChatOpsProperties.Role role = properties.roles().get(roleName);
      if (role == null || !matches(role.commands(), permission)) {
        continue;
      }
      commandAllowedSomewhere = true;
      if (environment == null || matches(role.environments(), environment)) {
        return new Decision(true, roles, null);
      }
    }
    String who = user.identity() + " (roles: " + (roles.isEmpty() ? "none" : String.join(", ", roles)) + ")";
    List<String> granting = new ArrayList<>();
    properties.roles().forEach((name, role) -> {
      if (matches(role.commands(), permission)
          && (environment == null || matches(role.environments(), environment))) {
        granting.add(name);
      }
    });
    String ask = granting.isEmpty()
        ? "No role allows it yet; a Pitcrew admin can add it to one (pitcrew.chatops.roles)."
        : "Ask a Pitcrew admin to add you to " + String.join(" or ", granting) + ".";
    String reason = commandAllowedSomewhere
        ? who + " may not run `" + permission + "` in environment `" + environment + "`. " + ask
        : who + " may not run `" + permission + "`. " + ask;
    return new Decision(false, roles, reason);
  }

  private static boolean matches(List<String> allowed, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    return allowed.stream().anyMatch(a -> a.equals("*") || a.toLowerCase(Locale.ROOT).equals(lower));
  }
}
