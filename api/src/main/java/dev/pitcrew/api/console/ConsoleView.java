package dev.pitcrew.api.console;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * What every console page knows about its reader: whether someone is signed in, who, what they may do (to show a
 * button or not; the action behind it checks again), and the CSRF header htmx sends with every request.
 *
 * @param readAt when this request began, before the page read anything: its live stream asks for the changes made
 *     since ({@code /live?since=}), so one made while the page travels to the browser is not lost
 */
public record ConsoleView(boolean signedIn, String identity, String csrfHeaders, Predicate<String> permissions,
    Instant readAt) {
  public boolean can(String permission) {
    return signedIn && permissions.test(permission);
  }

  /** {@link #readAt} in epoch milliseconds, as the page's live stream sends it back. */
  public long liveSince() {
    return readAt.toEpochMilli();
  }
}
