package dev.pitcrew.api.sla;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads all-day holidays from an iCalendar file: each VEVENT's {@code DTSTART;VALUE=DATE:yyyyMMdd} and
 * {@code SUMMARY}. Only what holiday calendars (Google, Outlook, government feeds) publish; timed events are
 * refused because a holiday is a whole day.
 */
final class IcsHolidays {
  private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private IcsHolidays() {}

  /** @throws IllegalArgumentException naming the line that is not an all-day date */
  static Map<LocalDate, String> parse(String ics) {
    Map<LocalDate, String> holidays = new LinkedHashMap<>();
    LocalDate start = null;
    String summary = null;
    boolean inEvent = false;
    for (String line : unfold(ics)) {
      String upper = line.toUpperCase(java.util.Locale.ROOT);
      if (upper.equals("BEGIN:VEVENT")) {
        inEvent = true;
        start = null;
        summary = null;
      } else if (upper.equals("END:VEVENT")) {
        if (start == null) {
          throw new IllegalArgumentException("a VEVENT has no DTSTART");
        }
        holidays.putIfAbsent(start, summary);
        inEvent = false;
      } else if (inEvent && upper.startsWith("DTSTART")) {
        start = allDayDate(line);
      } else if (inEvent && upper.startsWith("SUMMARY")) {
        summary = line.substring(line.indexOf(':') + 1).replace("\\,", ",").replace("\\;", ";").trim();
      }
    }
    if (!ics.toUpperCase(java.util.Locale.ROOT).contains("BEGIN:VCALENDAR")) {
      throw new IllegalArgumentException("not an iCalendar file (no BEGIN:VCALENDAR)");
    }
    return holidays;
  }

  private static LocalDate allDayDate(String line) {
    int colon = line.indexOf(':');
    String value = colon < 0 ? "" : line.substring(colon + 1).trim();
    try {
      if (value.length() == 8) {
        return LocalDate.parse(value, BASIC_DATE);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + line + "' is not an all-day date (DTSTART;VALUE=DATE:yyyyMMdd)");
  }

  /** RFC 5545 folds long lines: a line starting with a space or tab continues the previous one. */
  private static List<String> unfold(String ics) {
    List<String> lines = new ArrayList<>();
    for (String raw : ics.split("\r?\n")) {
      if ((raw.startsWith(" ") || raw.startsWith("\t")) && !lines.isEmpty()) {
        lines.set(lines.size() - 1, lines.getLast() + raw.substring(1));
      } else if (!raw.isBlank()) {
        lines.add(raw.trim());
      }
    }
    return lines;
  }
}
