package dev.pitcrew.api.incidents;

import java.util.regex.Pattern;

/**
 * What a service name looks like wherever incidents name one (declarations, filters, escalation policies): a
 * lowercase slug such as {@code game-api}, the same shape the service catalogue uses, so an incident's service and
 * its catalogue entry and policy can be matched by name.
 */
public final class ServiceNames {
  public static final String REGEX = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?";
  public static final String MESSAGE = "must be a lowercase slug of at most 63 characters, e.g. game-api";
  private static final Pattern PATTERN = Pattern.compile(REGEX);

  private ServiceNames() {}

  public static boolean valid(String name) {
    return name != null && PATTERN.matcher(name).matches();
  }

  /**
   * The slug of a name from a system that does not follow this shape (an alert label such as {@code Game_API}):
   * lowercased, other characters turned into dashes; null when that is no service name (e.g. it starts with a
   * digit: dropping the digit could make it another service's name).
   */
  public static String slugOf(String name) {
    if (name == null) {
      return null;
    }
    String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > 63) {
      slug = slug.substring(0, 63).replaceAll("-+$", "");
    }
    return valid(slug) ? slug : null;
  }
}
