package dev.pitcrew.workflows.sla;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;

/**
 * When the SLA clock runs: working hours per weekday in one time zone, minus holidays. Plain strings so it
 * travels unchanged through Temporal payloads, PostgreSQL and the API.
 *
 * @param zone IANA time zone, e.g. {@code Europe/Berlin}
 * @param hours at most one window per weekday; weekdays not listed do not count
 * @param holidays ISO dates ({@code 2026-12-25}) that do not count at all
 */
public record CalendarSpec(String zone, List<WorkingHours> hours, List<String> holidays) {

  /** Every hour of every day counts: calendar-time SLAs. */
  public static CalendarSpec allDay(String zone) {
    List<WorkingHours> everyDay = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      everyDay.add(new WorkingHours(day, "00:00", "24:00"));
    }
    return new CalendarSpec(zone, everyDay, List.of());
  }

  public CalendarSpec withHolidays(List<String> moreHolidays) {
    return new CalendarSpec(zone, hours, moreHolidays);
  }
}
