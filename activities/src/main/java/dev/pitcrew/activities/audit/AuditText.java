package dev.pitcrew.activities.audit;

/**
 * Makes a text field storable exactly as hashed: PostgreSQL refuses NUL in text, and the JDBC driver would turn a
 * lone UTF-16 surrogate into {@code ?} (the stored row would then no longer match its hash), so both become
 * U+FFFD. Fields are capped in code points (never splitting a pair) so one huge value cannot refuse a row.
 */
public final class AuditText {
  public static final int PRINCIPAL = 256;
  public static final int CHANNEL = 32;
  public static final int SOURCE_ADDRESS = 128;
  public static final int ACTION = 512;
  public static final int TARGET = 512;
  public static final int REASON = 2048;
  private static final String TRUNCATED = "…";

  private AuditText() {}

  /** The text as it would be stored (and so as it can be searched for), capped at {@code maxCodePoints}. */
  public static String storable(String text, int maxCodePoints) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints * 2));
    int codePoints = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (codePoints == maxCodePoints - 1 && i < text.length()) {
        out.append(TRUNCATED);
        return out.toString();
      }
      out.appendCodePoint(cp == 0 || isLoneSurrogate(cp) ? 0xFFFD : cp);
      codePoints++;
    }
    return out.toString();
  }

  /** {@code codePointAt} answers a surrogate only when it has no partner. */
  private static boolean isLoneSurrogate(int codePoint) {
    return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
  }
}
