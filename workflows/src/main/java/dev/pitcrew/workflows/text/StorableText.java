package dev.pitcrew.workflows.text;

/**
 * The one rule for text Pitcrew did not write itself (Alertmanager labels, JIRA fields, PagerDuty events, Slack
 * command text): it is kept verbatim except for the two things PostgreSQL's {@code text} and JSON-encoding vendors
 * cannot hold. A NUL ({@code U+0000}) is refused by PostgreSQL ({@code invalid byte sequence for encoding "UTF8":
 * 0x00}) and an unpaired UTF-16 surrogate has no UTF-8 encoding at all; both become {@code U+FFFD} so the alert
 * still opens an incident and pages someone instead of failing a record write forever.
 *
 * <p>Text from Pitcrew's own API is never repaired this way: it is refused with a 400 naming the field (see
 * {@link #firstUnstorable(String)}), because the caller can fix it and should know.
 */
public final class StorableText {
  public static final char REPLACEMENT = '\uFFFD';

  private StorableText() {
  }

  /** The text with NUL and unpaired surrogates replaced by U+FFFD; the same instance when nothing needed it. */
  public static String of(String text) {
    if (text == null || firstUnstorable(text) < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        out.append(REPLACEMENT);
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(REPLACEMENT);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** True when PostgreSQL and UTF-8 can hold the text unchanged. */
  public static boolean isStorable(String text) {
    return text == null || firstUnstorable(text) < 0;
  }

  /** Index of the first NUL or unpaired surrogate, or -1 when there is none. */
  public static int firstUnstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return i;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Why the text is refused, for a 400 that names the field: which character and where. */
  public static String describeUnstorable(String text) {
    int at = firstUnstorable(text);
    if (at < 0) {
      return null;
    }
    return text.charAt(at) == '\u0000'
        ? "must not contain a NUL character (U+0000, at index " + at + ")"
        : "must not contain an unpaired UTF-16 surrogate (at index " + at + ")";
  }
}
