package dev.pitcrew.workflows.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Monday to Friday, 09:00–17:00 local time. */
  private static BusinessCalendar officeHours(ZoneId zone, String... holidays) {
    List<WorkingHours> week = new ArrayList<>();
    for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
        DayOfWeek.FRIDAY)) {
      week.add(new WorkingHours(day, "09:00", "17:00"));
    }
    return BusinessCalendar.of(new CalendarSpec(zone.getId(), week, List.of(holidays)));
  }

  private static Instant at(ZoneId zone, String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }

  @Nested
  class WithinOneWeek {
    private final BusinessCalendar calendar = officeHours(BERLIN);

    @Test
    void countsOnlyWorkingHoursOfOneDay() {
      assertThat(calendar.between(at(BERLIN, "2026-03-02T08:00"), at(BERLIN, "2026-03-02T18:00")))
          .isEqualTo(Duration.ofHours(8));
      assertThat(calendar.between(at(BERLIN, "2026-03-02T10:15"), at(BERLIN, "2026-03-02T11:00")))
          .isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void skipsNightsAndWeekends() {
      // Friday 16:00 to Monday 10:00: one hour on Friday, one on Monday.
      assertThat(calendar.between(at(BERLIN, "2026-03-06T16:00"), at(BERLIN, "2026-03-09T10:00")))
          .isEqualTo(Duration.ofHours(2));
      assertThat(calendar.plus(at(BERLIN, "2026-03-06T16:00"), Duration.ofHours(2)))
          .isEqualTo(at(BERLIN, "2026-03-09T10:00"));
    }

    @Test
    void aClockStartedOutsideHoursStartsAtTheNextOpening() {
      assertThat(calendar.plus(at(BERLIN, "2026-03-07T12:00"), Duration.ofMinutes(30)))
          .isEqualTo(at(BERLIN, "2026-03-09T09:30"));
      assertThat(calendar.plus(at(BERLIN, "2026-03-02T20:00"), Duration.ofHours(8)))
          .isEqualTo(at(BERLIN, "2026-03-03T17:00"));
    }

    @Test
    void aGoalEndingExactlyAtClosingTimeIsDueAtClosingTime() {
      assertThat(calendar.plus(at(BERLIN, "2026-03-02T09:00"), Duration.ofHours(8)))
          .isEqualTo(at(BERLIN, "2026-03-02T17:00"));
      assertThat(calendar.plus(at(BERLIN, "2026-03-02T09:00"), Duration.ofHours(8).plusMillis(1)))
          .isEqualTo(at(BERLIN, "2026-03-03T09:00:00.001"));
    }

    @Test
    void plusAndBetweenAgree() {
      Instant start = at(BERLIN, "2026-03-04T13:37");
      for (long minutes : new long[] {1, 59, 200, 480, 1000, 5000}) {
        Instant due = calendar.plus(start, Duration.ofMinutes(minutes));
        assertThat(calendar.between(start, due)).as("%d minutes", minutes).isEqualTo(Duration.ofMinutes(minutes));
      }
    }

    @Test
    void nothingCountsBackwardsOrForZero() {
      Instant start = at(BERLIN, "2026-03-04T10:00");
      assertThat(calendar.between(start, start.minusSeconds(3600))).isZero();
      assertThat(calendar.plus(start, Duration.ZERO)).isEqualTo(start);
    }
  }

  @Nested
  class Holidays {
    @Test
    void aHolidayDoesNotCount() {
      // Good Friday 2026 is 3 April: Thursday 16:00 + 2h lands on Monday 10:00.
      BusinessCalendar calendar = officeHours(BERLIN, "2026-04-03", "2026-04-06");
      assertThat(calendar.plus(at(BERLIN, "2026-04-02T16:00"), Duration.ofHours(2)))
          .isEqualTo(at(BERLIN, "2026-04-07T10:00"));
      assertThat(calendar.between(at(BERLIN, "2026-04-02T16:00"), at(BERLIN, "2026-04-07T10:00")))
          .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aCalendarWithOnlyHolidaysAheadHasNoDeadline() {
      BusinessCalendar onlyMonday =
          BusinessCalendar.of(new CalendarSpec("UTC", List.of(new WorkingHours(DayOfWeek.MONDAY, "09:00", "10:00")),
              List.of()));
      assertThat(onlyMonday.plus(at(ZoneId.of("UTC"), "2026-03-03T09:00"), Duration.ofMinutes(90)))
          .isEqualTo(at(ZoneId.of("UTC"), "2026-03-16T09:30"));
    }
  }

  @Nested
  class DaylightSavingChanges {
    @Test
    void berlinSpringForwardKeepsLocalOpeningHours() {
      BusinessCalendar calendar = officeHours(BERLIN);
      // Clocks go 02:00 -> 03:00 on Sunday 29 March 2026. Friday 16:00 + 2h = Monday 10:00 CEST (08:00Z).
      Instant due = calendar.plus(at(BERLIN, "2026-03-27T16:00"), Duration.ofHours(2));
      assertThat(due).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
    }

    @Test
    void newYorkFallBackKeepsLocalOpeningHours() {
      BusinessCalendar calendar = officeHours(NEW_YORK);
      // Clocks go 02:00 -> 01:00 on Sunday 1 November 2026. Friday 16:00 EDT (20:00Z) + 2h = Monday 10:00 EST (15:00Z).
      Instant due = calendar.plus(at(NEW_YORK, "2026-10-30T16:00"), Duration.ofHours(2));
      assertThat(due).isEqualTo(Instant.parse("2026-11-02T15:00:00Z"));
      assertThat(calendar.between(Instant.parse("2026-10-30T20:00:00Z"), due)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void roundTheClockDaysAreShorterOrLongerWhenClocksMove() {
      BusinessCalendar berlin = BusinessCalendar.of(CalendarSpec.allDay("Europe/Berlin"));
      BusinessCalendar newYork = BusinessCalendar.of(CalendarSpec.allDay("America/New_York"));
      assertThat(berlin.between(at(BERLIN, "2026-03-29T00:00"), at(BERLIN, "2026-03-30T00:00")))
          .isEqualTo(Duration.ofHours(23));
      assertThat(berlin.between(at(BERLIN, "2026-10-25T00:00"), at(BERLIN, "2026-10-26T00:00")))
          .isEqualTo(Duration.ofHours(25));
      assertThat(newYork.between(at(NEW_YORK, "2026-03-08T00:00"), at(NEW_YORK, "2026-03-09T00:00")))
          .isEqualTo(Duration.ofHours(23));
      // 24 hours of calendar time are 24 real hours, whatever the wall clock says.
      Instant start = at(NEW_YORK, "2026-11-01T00:00");
      assertThat(newYork.plus(start, Duration.ofHours(24))).isEqualTo(start.plus(Duration.ofHours(24)));
    }

    @Test
    void workingHoursInsideTheSkippedHourStartAfterTheGap() {
      BusinessCalendar earlyShift =
          BusinessCalendar.of(new CalendarSpec("America/New_York",
              List.of(new WorkingHours(DayOfWeek.SUNDAY, "02:30", "04:00")), List.of()));
      // 8 March 2026: 02:00-03:00 does not exist in New York; 02:30 becomes 03:30 EDT, the shift keeps its end.
      assertThat(earlyShift.between(at(NEW_YORK, "2026-03-08T00:00"), at(NEW_YORK, "2026-03-08T06:00")))
          .isEqualTo(Duration.ofMinutes(30));
      assertThat(earlyShift.plus(at(NEW_YORK, "2026-03-08T00:00"), Duration.ofMinutes(10)))
          .isEqualTo(Instant.parse("2026-03-08T07:40:00Z"));
    }
  }

  @Nested
  class Pauses {
    @Test
    void aPauseSpanningAWeekendOnlyRemovesTheWorkingTimeInside() {
      BusinessCalendar calendar = officeHours(BERLIN);
      // 8h goal started Thursday 09:00; ran 4h, paused Thursday 13:00 until Monday 11:00, resumed.
      Instant started = at(BERLIN, "2026-03-05T09:00");
      Instant paused = at(BERLIN, "2026-03-05T13:00");
      Instant resumed = at(BERLIN, "2026-03-09T11:00");
      Duration used = calendar.between(started, paused);
      Instant due = calendar.plus(resumed, Duration.ofHours(8).minus(used));
      assertThat(used).isEqualTo(Duration.ofHours(4));
      assertThat(due).isEqualTo(at(BERLIN, "2026-03-09T15:00"));
      // Without the pause it would have been due Friday 09:00.
      assertThat(calendar.plus(started, Duration.ofHours(8))).isEqualTo(at(BERLIN, "2026-03-05T17:00"));
    }
  }

  @Test
  void rejectsMalformedCalendars() {
    assertThatThrownBy(() -> BusinessCalendar.of(new CalendarSpec("UTC", List.of(), List.of())))
        .hasMessageContaining("at least one weekday");
    assertThatThrownBy(() -> BusinessCalendar.of(new CalendarSpec("UTC",
        List.of(new WorkingHours(DayOfWeek.MONDAY, "17:00", "09:00")), List.of())))
        .hasMessageContaining("end after they start");
    assertThatThrownBy(() -> BusinessCalendar.of(new CalendarSpec("UTC",
        List.of(new WorkingHours(DayOfWeek.MONDAY, "9am", "17:00")), List.of())))
        .hasMessageContaining("HH:mm");
    assertThatThrownBy(() -> BusinessCalendar.of(new CalendarSpec("Mars/Olympus",
        List.of(new WorkingHours(DayOfWeek.MONDAY, "09:00", "17:00")), List.of())))
        .isInstanceOf(java.time.DateTimeException.class);
  }
}
