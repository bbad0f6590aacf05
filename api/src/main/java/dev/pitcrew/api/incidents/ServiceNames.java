package dev.pitcrew.api.incidents;

import java.util.regex.Pattern;

/**
 * What a service name looks like wherever incidents name one (declarations, filters, escalation policies): a
 * lowercase slug such as {@code game-api}, the same shape the service catalogue uses, so an incident's service and
 * its catalogue entry and policy can be matched by name.
 */
final class ServiceNames {
  static final String REGEX = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?";
  static final String MESSAGE = "must be a lowercase slug of at most 63 characters, e.g. game-api";
  private static final Pattern PATTERN = Pattern.compile(REGEX);

  private ServiceNames() {}

  static boolean valid(String name) {
    return name != null && PATTERN.matcher(name).matches();
  }
}
