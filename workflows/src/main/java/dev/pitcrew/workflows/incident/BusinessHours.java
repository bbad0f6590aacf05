package dev.pitcrew.workflows.incident;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * When a policy's business-hours targets apply, e.g. Europe/Berlin, 9 to 18, Monday to Friday.
 *
 * @param startHour first hour included (0-23)
 * @param endHour first hour no longer included (1-24)
 */
public record BusinessHours(String timeZone, int startHour, int endHour, List<DayOfWeek> days) {
  public BusinessHours {
    ZoneId.of(timeZone); // rejects unknown zones when the policy is saved, not when someone is paged
    if (startHour < 0 || endHour > 24 || startHour >= endHour) {
      throw new IllegalArgumentException("Business hours need 0 <= startHour < endHour <= 24");
    }
    days = days == null || days.isEmpty() ? List.of() : List.copyOf(days);
    if (days.isEmpty()) {
      throw new IllegalArgumentException("Business hours need at least one day");
    }
  }

  /** Whether a moment, in epoch millis (workflow time, so replay gives the same answer), is inside. */
  public boolean contains(long epochMillis) {
    ZonedDateTime local = Instant.ofEpochMilli(epochMillis).atZone(ZoneId.of(timeZone));
    return days.contains(local.getDayOfWeek()) && local.getHour() >= startHour && local.getHour() < endHour;
  }
}
