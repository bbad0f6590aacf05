package dev.pitcrew.workflows.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Business-time arithmetic over a {@link CalendarSpec}: how much working time lies between two instants, and
 * which instant is a given amount of working time after another. Pure java.time math with no clock of its own,
 * so workflows and the API compute the same answers.
 *
 * <p>Working hours are local wall-clock times, so a 09:00–17:00 day is eight hours on either side of a daylight
 * saving change, and a midnight-to-midnight day is 23 or 25 hours on the days the clocks move.
 */
public final class BusinessCalendar {
  /** A calendar whose next working minute is further away than this is treated as having none. */
  private static final int MAX_DAYS_AHEAD = 3 * 366;

  private final ZoneId zone;
  private final Map<DayOfWeek, int[]> minutesByDay = new EnumMap<>(DayOfWeek.class);
  private final Set<LocalDate> holidays = new HashSet<>();

  private BusinessCalendar(CalendarSpec spec) {
    this.zone = ZoneId.of(spec.zone());
    for (WorkingHours hours : spec.hours()) {
      int from = hours.fromMinute();
      int to = hours.toMinute();
      if (to <= from) {
        throw new IllegalArgumentException(hours.day() + ": working hours must end after they start");
      }
      if (minutesByDay.put(hours.day(), new int[] {from, to}) != null) {
        throw new IllegalArgumentException(hours.day() + " has working hours twice");
      }
    }
    if (minutesByDay.isEmpty()) {
      throw new IllegalArgumentException("a calendar needs working hours on at least one weekday");
    }
    for (String holiday : spec.holidays() == null ? java.util.List.<String>of() : spec.holidays()) {
      holidays.add(LocalDate.parse(holiday));
    }
  }

  /** @throws IllegalArgumentException naming what is wrong with the spec */
  public static BusinessCalendar of(CalendarSpec spec) {
    return new BusinessCalendar(spec);
  }

  public ZoneId zone() {
    return zone;
  }

  /** Working time between two instants; zero when {@code to} is not after {@code from}. */
  public Duration between(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    long millis = 0;
    LocalDate last = to.atZone(zone).toLocalDate();
    for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
      Window window = windowOn(day);
      if (window != null) {
        millis += window.overlapMillis(from, to);
      }
    }
    return Duration.ofMillis(millis);
  }

  /** The instant at which {@code amount} of working time has passed since {@code from}. */
  public Instant plus(Instant from, Duration amount) {
    if (amount.isNegative() || amount.isZero()) {
      return from;
    }
    long remaining = amount.toMillis();
    LocalDate day = from.atZone(zone).toLocalDate();
    for (int searched = 0; searched <= MAX_DAYS_AHEAD; searched++) {
      Window window = windowOn(day);
      if (window != null && window.end.isAfter(from)) {
        Instant start = window.start.isAfter(from) ? window.start : from;
        long available = window.end.toEpochMilli() - start.toEpochMilli();
        if (remaining <= available) {
          return start.plusMillis(remaining);
        }
        remaining -= available;
      }
      day = day.plusDays(1);
    }
    throw new IllegalStateException("no working time in the " + MAX_DAYS_AHEAD + " days after " + from);
  }

  private Window windowOn(LocalDate day) {
    int[] minutes = minutesByDay.get(day.getDayOfWeek());
    if (minutes == null || holidays.contains(day)) {
      return null;
    }
    return new Window(atMinute(day, minutes[0]), atMinute(day, minutes[1]));
  }

  private Instant atMinute(LocalDate day, int minute) {
    if (minute == 24 * 60) {
      return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
    // A local time skipped by a spring-forward change moves later by the length of the gap (02:30 -> 03:30),
    // as java.time does, so a shift that starts inside the gap keeps its end.
    return ZonedDateTime.of(day, LocalTime.of(minute / 60, minute % 60), zone).toInstant();
  }

  private record Window(Instant start, Instant end) {
    long overlapMillis(Instant from, Instant to) {
      Instant a = start.isAfter(from) ? start : from;
      Instant b = end.isBefore(to) ? end : to;
      return b.isAfter(a) ? b.toEpochMilli() - a.toEpochMilli() : 0;
    }
  }
}
