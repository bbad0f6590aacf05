package dev.pitcrew.api.console;

import java.util.function.Predicate;

/**
 * What every console page knows about its reader: whether someone is signed in, who, what they may do (to show a
 * button or not; the action behind it checks again), and the CSRF header htmx sends with every request.
 */
public record ConsoleView(boolean signedIn, String identity, String csrfHeaders, Predicate<String> permissions) {
  public boolean can(String permission) {
    return signedIn && permissions.test(permission);
  }
}
