package dev.pitcrew.workflows.sla;

import java.time.DayOfWeek;

/**
 * The hours one weekday counts towards an SLA, in the calendar's local time.
 *
 * @param from start, {@code HH:mm}
 * @param to end, {@code HH:mm}; {@code 24:00} means until midnight
 */
public record WorkingHours(DayOfWeek day, String from, String to) {

  int fromMinute() {
    return minuteOfDay(from);
  }

  int toMinute() {
    return minuteOfDay(to);
  }

  /** Parses {@code HH:mm} (00:00 to 24:00) into minutes since midnight; throws on anything else. */
  public static int minuteOfDay(String clock) {
    if (clock == null || !clock.matches("\\d{2}:\\d{2}")) {
      throw new IllegalArgumentException("'" + clock + "' is not a time of day in HH:mm");
    }
    int hours = Integer.parseInt(clock.substring(0, 2));
    int minutes = Integer.parseInt(clock.substring(3));
    int total = hours * 60 + minutes;
    if (minutes > 59 || total > 24 * 60) {
      throw new IllegalArgumentException("'" + clock + "' is not a time of day between 00:00 and 24:00");
    }
    return total;
  }
}
