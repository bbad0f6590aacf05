package dev.pitcrew.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DrillScheduleTest {

  @Test
  void aScheduleNamesEveryBadField() {
    assertThat(new DrillSchedule("every day", "Mars/Olympus", 7200).problems()).containsExactly(
        "cron: not a five-field cron expression (Cron expression contains 2 parts but we expect one of [5])",
        "timeZone: an IANA time zone, e.g. Europe/Berlin",
        "jitterSeconds: between 0 and 3600");
    assertThat(new DrillSchedule("30 3 * * 1-5", null, null).problems()).isEmpty();
  }

  @Test
  void theCronIsReadInTheSchedulesTimeZoneAcrossADaylightSavingChange() {
    DrillSchedule berlin = new DrillSchedule("30 3 * * *", "Europe/Berlin", null);
    long saturday = Instant.parse("2026-03-28T12:00:00Z").toEpochMilli(); // clocks go forward on Sunday 29 March

    assertThat(berlin.next(saturday, 2)).containsExactly(
        Instant.parse("2026-03-29T01:30:00Z").toEpochMilli(), // 03:30 CEST
        Instant.parse("2026-03-30T01:30:00Z").toEpochMilli());
  }
}
