package dev.pitcrew.workflows.drill;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a drill runs by itself: a five-field Unix cron expression in a time zone, plus up to {@code jitterSeconds}
 * of random delay so drills sharing a cron do not hit one server together. Evaluated by cron-utils from workflow
 * time, so a schedule's firings are the same on every replay.
 *
 * @param cron e.g. {@code 30 3 * * *} (03:30 every day)
 * @param timeZone IANA zone the cron is read in (default UTC), e.g. {@code Europe/Berlin}
 * @param jitterSeconds 0 (default) to 3600
 */
public record DrillSchedule(String cron, String timeZone, Integer jitterSeconds) {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  public DrillSchedule {
    timeZone = timeZone == null ? "UTC" : timeZone;
    jitterSeconds = jitterSeconds == null ? 0 : jitterSeconds;
  }

  /** The first firing strictly after {@code afterMillis}, or empty when the expression never fires again. */
  public Optional<Long> nextAfter(long afterMillis) {
    ZonedDateTime after = Instant.ofEpochMilli(afterMillis).atZone(ZoneId.of(timeZone));
    return ExecutionTime.forCron(PARSER.parse(cron)).nextExecution(after).map(t -> t.toInstant().toEpochMilli());
  }

  /** The next {@code count} firings after {@code afterMillis} (without jitter). */
  public List<Long> next(long afterMillis, int count) {
    List<Long> firings = new ArrayList<>();
    long from = afterMillis;
    for (int i = 0; i < count; i++) {
      Optional<Long> next = nextAfter(from);
      if (next.isEmpty()) {
        break;
      }
      firings.add(next.get());
      from = next.get();
    }
    return firings;
  }

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (cron == null || cron.isBlank() || cron.length() > 200) {
      problems.add("cron: required, five fields, e.g. '30 3 * * *'");
    } else {
      try {
        PARSER.parse(cron).validate();
      } catch (IllegalArgumentException e) {
        problems.add("cron: not a five-field cron expression (" + e.getMessage() + ")");
      }
    }
    try {
      ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      problems.add("timeZone: an IANA time zone, e.g. Europe/Berlin");
    }
    if (jitterSeconds < 0 || jitterSeconds > 3600) {
      problems.add("jitterSeconds: between 0 and 3600");
    }
    return problems;
  }
}
