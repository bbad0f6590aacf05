package dev.pitcrew.workflows.incident;

import java.time.Duration;

/** Durations the way responders read them in a channel: {@code 1h 12m}, {@code 4m 30s}, {@code 45s}. */
public final class HumanDuration {
  private HumanDuration() {}

  public static String of(long millis) {
    return of(Duration.ofMillis(millis));
  }

  public static String of(Duration duration) {
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    if (hours > 0) {
      return hours + "h " + minutes + "m";
    }
    if (minutes > 0) {
      return seconds == 0 ? minutes + "m" : minutes + "m " + seconds + "s";
    }
    return seconds + "s";
  }
}
