package dev.pitcrew.api.sla;

import dev.pitcrew.api.problem.ApiException;

/** The names SLA policies, calendars and queues may have, checked alike over REST and in the console. */
final class SlaNames {
  static final String MESSAGE = "must be 1-100 letters, digits, '.', '_' or '-'";
  private static final String NAME = "[A-Za-z0-9._-]{1,100}";

  private SlaNames() {}

  static boolean valid(String name) {
    return name != null && name.matches(NAME);
  }

  static void check(String name) {
    if (!valid(name)) {
      throw ApiException.badField("name", MESSAGE);
    }
  }
}
