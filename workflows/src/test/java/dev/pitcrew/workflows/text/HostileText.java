package dev.pitcrew.workflows.text;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Seeded generator of hostile text for property-style tests: NUL, lone high and low surrogates, valid surrogate pairs
 * (emoji), right-to-left marks, Hebrew and Arabic letters, the BIDI override U+202E, control characters, combining
 * marks, noncharacters and plain ASCII, alone and mixed; plus megabyte strings of arbitrary UTF-16.
 *
 * <p>The seed is fixed, so every run sees the same samples, and is printed when a generator is made. Run with
 * {@code -Dpitcrew.hostileText.seed=<n>} to use another seed (a failure message names the one to reproduce it), or
 * {@code -Dpitcrew.hostileText.seed=random} to explore with a fresh one.
 *
 * <p>Each generator starts its own sequence from the seed, so a test's samples do not depend on which tests ran before.
 */
public final class HostileText {
  public static final String SEED_PROPERTY = "pitcrew.hostileText.seed";
  public static final long DEFAULT_SEED = 20_260_314L;

  /** Longest escaped rendering of an input put into a failure message; the seed reproduces the rest. */
  private static final int MAX_ESCAPED_CHARS = 10_000;

  /** Single UTF-16 code units: the hostile ones and a little ordinary text. */
  private static final char[] ALPHABET = {
      '\u0000', // NUL: PostgreSQL refuses it
      '\uD800', '\uDBFF', '\uD83D', // high surrogates (U+D83D starts most emoji)
      '\uDC00', '\uDFFF', '\uDD25', // low surrogates (U+DD25 ends 🔥)
      '\u202E', '\u202D', '\u202C', '\u2066', '\u2069', // BIDI override, embedding pop, isolates
      '\u200F', '\u200E', '\u061C', // RTL, LTR and Arabic letter marks
      'א', 'ש', 'ם', 'ع', 'ا', 'ل', // Hebrew, Arabic
      '\u0301', '\u0300', '\u0327', '\u20DD', '\u05B0', '\u064B', // combining marks (Latin, Hebrew, Arabic)
      '\u0007', '\u001B', '\t', '\n', '\r', '\u007F', '\u0085', '\u2028', // control and line-breaking characters
      '\u200B', '\u200D', '\uFEFF', // zero width space and joiner, byte order mark
      '\uFFFF', '\uFFFE', '\uFFFD', // noncharacters, the replacement character
      'a', 'Z', '0', ' ', '"', '\\', '{', '<', // ASCII, JSON and HTML specials
  };

  /** Whole pieces: valid pairs and sequences that a code-unit alphabet would rarely assemble. */
  private static final List<String> TOKENS = List.of(
      "\u0000", "\u0000\u0000", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDD25\uD83D", // NULs, lone/reversed surrogates
      "🔥", "😀", "👍🏽", "👩‍💻", "🇮🇱", "\uD83D\uDD25", "𝄞", // surrogate pairs, modifiers, ZWJ, flags
      "שגיאה בשרת", "خطأ في الخادم", "\u200Fשלום\u200F", "\u202Eabc\u202C", "\u202E", "\u2067عربي\u2069",
      "e\u0301", "a\u0300\u0301\u0302\u0303\u0304\u0305\u0306", "\u0301", "ש\u05B0\u05B8", // combining marks
      "\u0007", "\u001B[31m", "\t", "\r\n", "\u0085", "\u007F", "\u2028", "\uFEFF", "\uFFFF",
      "pod crashlooping", "game-api", "SEV1", "alertname=\"x\"", " ", "\"", "\\", "{}", "x");

  /** Always tried first (those within the length bounds), as a library would try its edge cases. */
  private static final List<String> EDGE_CASES = List.of(
      "", "a", "\u0000", "\uD800", "\uDFFF", "\uDD25\uD83D", "🔥", "\u202E", "e\u0301", "\uFFFF");

  private final long seed;
  private final Random random;

  private HostileText(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** A generator seeded from {@code -Dpitcrew.hostileText.seed}, or {@link #DEFAULT_SEED}; prints the seed. */
  public static HostileText seeded() {
    String configured = System.getProperty(SEED_PROPERTY, "").trim();
    long seed = configured.isEmpty() ? DEFAULT_SEED
        : configured.equalsIgnoreCase("random") ? new Random().nextLong()
        : Long.parseLong(configured);
    System.out.println("[HostileText] seed " + seed + " (reproduce with -D" + SEED_PROPERTY + "=" + seed + ")");
    return new HostileText(seed);
  }

  public long seed() {
    return seed;
  }

  /** Endless samples of {@code minLength..maxLength} UTF-16 units: the edge cases that fit, then random ones. */
  public Stream<String> strings(int minLength, int maxLength) {
    Stream<String> edges = EDGE_CASES.stream().filter(s -> s.length() >= minLength && s.length() <= maxLength);
    return Stream.concat(edges, Stream.generate(() -> next(minLength, maxLength)));
  }

  /** One random sample of {@code minLength..maxLength} UTF-16 units. */
  public String next(int minLength, int maxLength) {
    int length = length(minLength, maxLength);
    return switch (random.nextInt(3)) {
      case 0 -> anyUnits(length);
      case 1 -> fromAlphabet(length);
      default -> fromTokens(length);
    };
  }

  /**
   * Exactly {@code length} arbitrary UTF-16 units (any of U+0000..U+FFFF, surrogates included), with hostile tokens
   * spliced in at random places so every kind appears even in one sample.
   */
  public String megabyte(int length) {
    char[] units = new char[length];
    for (int i = 0; i < length; i++) {
      units[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
    }
    for (int spliced = 0; spliced < length / 1_000; spliced++) {
      String token = TOKENS.get(random.nextInt(TOKENS.size()));
      int at = random.nextInt(length);
      token.getChars(0, Math.min(token.length(), length - at), units, at);
    }
    return new String(units);
  }

  /**
   * Runs a property against one sample; any failure is rethrown naming the sample, the input escaped and the seed.
   */
  public void check(int sample, String input, Property property) {
    try {
      property.check();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("Falsified by sample #" + sample + " of seed " + seed + " (reproduce with -D"
          + SEED_PROPERTY + "=" + seed + ")\n  input: " + escape(input) + "\n  " + e.getMessage(), e);
    }
  }

  /** Runs {@code property} on the first {@code tries} samples of {@code samples}, reporting a failure as above. */
  public void forAll(int tries, Stream<String> samples, InputProperty property) {
    int[] sample = {0};
    samples.limit(tries).forEachOrdered(input -> check(sample[0]++, input, () -> property.check(input)));
    if (sample[0] != tries) {
      throw new AssertionError("only " + sample[0] + " of " + tries + " samples were generated");
    }
  }

  /** The text as a Java literal: printable ASCII as is, everything else as a {@code \\uXXXX} escape. */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_ESCAPED_CHARS) + 16).append('"');
    int shown = Math.min(text.length(), MAX_ESCAPED_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7F) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    out.append('"');
    if (shown < text.length()) {
      out.append(" … (").append(text.length() - shown).append(" more of ").append(text.length())
          .append(" UTF-16 units; the seed reproduces them)");
    }
    return out.append(" [length ").append(text.length()).append(']').toString();
  }

  private int length(int min, int max) {
    int roll = random.nextInt(10);
    if (roll == 0 || max == min) {
      return min;
    }
    if (roll == 1) {
      return max;
    }
    return min + random.nextInt(max - min + 1);
  }

  private String anyUnits(int length) {
    char[] units = new char[length];
    for (int i = 0; i < length; i++) {
      units[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
    }
    return new String(units);
  }

  private String fromAlphabet(int length) {
    char[] units = new char[length];
    for (int i = 0; i < length; i++) {
      units[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(units);
  }

  private String fromTokens(int length) {
    StringBuilder out = new StringBuilder(length + 16);
    while (out.length() < length) {
      out.append(random.nextInt(4) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)]
          : TOKENS.get(random.nextInt(TOKENS.size())));
    }
    out.setLength(length); // may split a pair: one more lone surrogate
    return out.toString();
  }

  /** A check over one sample that may fail with an assertion or any runtime exception. */
  @FunctionalInterface
  public interface Property {
    void check();
  }

  /** A check over one input. */
  @FunctionalInterface
  public interface InputProperty {
    void check(String input);
  }
}
