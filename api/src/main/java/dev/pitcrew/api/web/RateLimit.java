package dev.pitcrew.api.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * A token-bucket limit written the way people say it: {@code 20/1s burst 40} is 20 requests a second on average,
 * up to 40 at once after a quiet spell. Without {@code burst} the burst equals the rate. Settings are read through
 * {@link #valueOf(String)}, so a mistyped limit stops start-up with the format in the message.
 *
 * @param requests tokens refilled every {@code period}
 * @param period how often {@code requests} tokens come back (greedily, spread over the period)
 * @param burst the bucket's capacity: how many requests may arrive at once
 */
public record RateLimit(long requests, Duration period, long burst) {
  private static final Pattern FORMAT =
      Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\S+?)\\s*(?:burst\\s+(\\d+))?\\s*", Pattern.CASE_INSENSITIVE);

  public RateLimit {
    if (requests < 1 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs at least 1 request and a burst of at least 1");
    }
    if (period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a rate limit's period must be longer than zero");
    }
  }

  /** Parses {@code <requests>/<period>[ burst <n>]}, e.g. {@code 5/1m burst 10}, {@code 50/s}, {@code 3/1h}. */
  public static RateLimit valueOf(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a rate limit; write <requests>/<period>[ burst <n>], e.g. 20/1s burst 40");
    }
    long requests = Long.parseLong(m.group(1));
    String period = m.group(2);
    // "20/s" reads as naturally as "20/1s"; ISO-8601 ("PT1H") is read as such.
    boolean bareUnit = !Character.isDigit(period.charAt(0)) && !period.toUpperCase(Locale.ROOT).startsWith("P");
    Duration every = DurationStyle.detectAndParse(bareUnit ? "1" + period : period);
    long burst = m.group(3) == null ? requests : Long.parseLong(m.group(3));
    return new RateLimit(requests, every, burst);
  }

  Bucket newBucket() {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(requests, period).build())
        .build();
  }

  @Override
  public String toString() {
    return requests + "/" + readable(period) + " burst " + burst;
  }

  /** {@code 1s}, {@code 1m}, {@code 1h}: the largest unit that divides the period, as it was most likely written. */
  private static String readable(Duration period) {
    long millis = period.toMillis();
    if (millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
