package dev.pitcrew.api.sla;

import dev.pitcrew.activities.sla.SlaConfigStore;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.workflows.sla.BusinessCalendar;
import dev.pitcrew.workflows.sla.CalendarSpec;
import java.time.DateTimeException;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks a business calendar's zone and working hours and saves them: for {@code PUT /api/v1/sla/calendars/{name}}
 * and the console's form alike. A calendar is judged by building the {@link BusinessCalendar} the SLA clocks use, so
 * nothing is stored that they would refuse. Holidays are kept; they are added by importing an iCalendar file.
 */
@Component
class CalendarWriting {
  private final RequestReader reader;
  private final SlaConfigStore config;

  CalendarWriting(RequestReader reader, SlaConfigStore config) {
    this.reader = reader;
    this.config = config;
  }

  /** Checks and saves; answers the calendar as stored, with its holidays. */
  CalendarSpec save(String name, JsonNode body) {
    CalendarRequest calendar = check(name, body);
    config.saveCalendar(name, calendar.zone(), calendar.hours());
    return config.calendar(name).orElseThrow();
  }

  /** Every check {@link #save} makes, saving nothing: for a form that has already refused a field of its own. */
  CalendarRequest check(String name, JsonNode body) {
    SlaNames.check(name);
    CalendarRequest calendar = reader.read(body, CalendarRequest.class, "calendar");
    try {
      BusinessCalendar.of(new CalendarSpec(calendar.zone(), calendar.hours(), List.of()));
    } catch (DateTimeException e) {
      throw ApiException.badField("calendar.zone", "'" + calendar.zone() + "' is not a time zone such as Europe/Berlin");
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("calendar.hours", e.getMessage());
    }
    return calendar;
  }
}
