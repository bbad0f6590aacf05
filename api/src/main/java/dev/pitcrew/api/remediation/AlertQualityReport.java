package dev.pitcrew.api.remediation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How good each alert is, per alert name and service, from the alerts the Alertmanager hook took in
 * ({@code alert_events}), the incidents they opened and how their remediations ended.
 *
 * <p>An <em>episode</em> is one firing of one alert (fingerprint): from the first firing notification after a
 * resolved one (or none) to its resolved notification; Alertmanager's repeated firing notifications belong to the
 * episode they repeat. Definitions, each counted in episodes:
 * <ul>
 *   <li>fired: episodes that started in the window;
 *   <li>autoResolved: a runbook's remediation acted and verified the fix;
 *   <li>resolvedByItself: resolved without a runbook fixing it and before anyone acknowledged its incident;
 *   <li>paged: it reached a person through an incident (at once, or because its remediation escalated);
 *   <li>ackedWithoutAction: its incident was acknowledged, then the alert resolved by itself with nobody resolving
 *       the incident first;
 *   <li>flapping: it started again within {@code flapWindow} of its previous episode's end;
 *   <li>resolvedAsNoise: a responder marked it as noise ({@link AlertNoise}: the latest episode of the alert, or
 *       of the remediation, that had begun when the mark was made);
 *   <li>falsePositiveRate: share that was marked as noise, or resolved by itself within {@code quickClear} with no
 *       action at all (an episode that is both counts once);
 *   <li>autoResolveRate: autoResolved / fired; MTTA: mean time from an incident opening to its acknowledgement.
 * </ul>
 */
@Component
class AlertQualityReport {
  static final Duration QUICK_CLEAR = Duration.ofMinutes(2);
  static final Duration FLAP_WINDOW = Duration.ofMinutes(10);

  private final JdbcClient jdbc;
  private final AlertNoise noise;

  AlertQualityReport(JdbcClient jdbc, AlertNoise noise) {
    this.jdbc = jdbc;
    this.noise = noise;
  }

  record Event(String fingerprint, String alertname, String service, boolean firing, Instant at, String runbook,
      String remediationId, String incidentId) {}

  record Incident(String id, Instant openedAt, Instant acknowledgedAt, Instant resolvedAt) {}

  record Outcome(String workflowId, String outcome, String incidentId, Instant startedAt) {}

  private static final class Episode {
    String fingerprint;
    String alertname;
    String service;
    Instant start;
    Instant end;
    String runbook;
    String remediationId;
    String incidentId;
    boolean flapped;
    boolean noise;
  }

  record Row(
      String alertname, String service, int fired, int autoResolved, int resolvedByItself, int paged,
      int ackedWithoutAction, int resolvedAsNoise, int flapping, int falsePositives, Long mttaSeconds,
      double falsePositiveRate, double autoResolveRate, List<String> suggestions) {}

  List<Row> compute(Instant from, Instant to, String service) {
    List<Event> events = jdbc.sql("""
            select fingerprint, alertname, service, status, received_at, runbook, remediation_id, incident_id
            from alert_events where received_at >= ? and received_at < ? and (cast(? as text) is null or service = ?)
            order by fingerprint, received_at, id
            """)
        .params(Timestamp.from(from.minus(FLAP_WINDOW)), Timestamp.from(to), service, service)
        .query((rs, n) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), "firing".equals(rs.getString(4)),
            rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), rs.getString(8)))
        .list();
    List<Episode> episodes = episodes(events);
    markNoise(episodes, noise.since(from.minus(FLAP_WINDOW)));
    Map<String, Incident> incidents = incidents(episodes);
    Map<String, List<Outcome>> outcomes = outcomes(from.minus(FLAP_WINDOW), to);

    Map<String, List<Episode>> groups = new TreeMap<>();
    for (Episode e : episodes) {
      if (!e.start.isBefore(from)) {
        groups.computeIfAbsent(e.alertname + "\u0000" + e.service, k -> new ArrayList<>()).add(e);
      }
    }
    List<Row> rows = new ArrayList<>();
    groups.forEach((key, group) -> rows.add(row(group, incidents, outcomes)));
    return rows;
  }

  /** Each mark names the latest episode of its alert (or remediation) that had begun when it was made. */
  private static void markNoise(List<Episode> episodes, List<AlertNoise.Mark> marks) {
    for (AlertNoise.Mark mark : marks) {
      Episode named = null;
      for (Episode e : episodes) {
        boolean same = mark.fingerprint() != null ? mark.fingerprint().equals(e.fingerprint)
            : mark.remediationId().equals(e.remediationId);
        if (same && !e.start.isAfter(mark.markedAt()) && (named == null || e.start.isAfter(named.start))) {
          named = e;
        }
      }
      if (named != null) {
        named.noise = true;
      }
    }
  }

  private static List<Episode> episodes(List<Event> events) {
    List<Episode> episodes = new ArrayList<>();
    Map<String, Episode> open = new HashMap<>();
    Map<String, Instant> lastEnd = new HashMap<>();
    for (Event event : events) {
      Episode current = open.get(event.fingerprint());
      if (event.firing()) {
        if (current == null) {
          current = new Episode();
          current.fingerprint = event.fingerprint();
          current.alertname = event.alertname();
          current.service = event.service();
          current.start = event.at();
          Instant previousEnd = lastEnd.get(event.fingerprint());
          current.flapped = previousEnd != null && !event.at().isAfter(previousEnd.plus(FLAP_WINDOW));
          open.put(event.fingerprint(), current);
          episodes.add(current);
        }
        if (current.runbook == null) {
          current.runbook = event.runbook();
        }
        if (current.remediationId == null) {
          current.remediationId = event.remediationId();
        }
        if (current.incidentId == null) {
          current.incidentId = event.incidentId();
        }
      } else if (current != null) {
        current.end = event.at();
        lastEnd.put(event.fingerprint(), event.at());
        open.remove(event.fingerprint());
      }
    }
    return episodes;
  }

  private Row row(List<Episode> group, Map<String, Incident> incidents, Map<String, List<Outcome>> outcomes) {
    int fired = group.size();
    int autoResolved = 0;
    int byItself = 0;
    int paged = 0;
    int ackedWithoutAction = 0;
    int flapping = 0;
    int quickFalsePositives = 0;
    int markedNoise = 0;
    int falsePositives = 0;
    long ackSeconds = 0;
    int acks = 0;
    for (Episode e : group) {
      Outcome outcome = outcomeOf(e, outcomes);
      Incident incident = incidents.get(e.incidentId != null ? e.incidentId
          : outcome == null ? null : outcome.incidentId());
      boolean fixed = outcome != null && "AUTO_RESOLVED".equals(outcome.outcome());
      boolean acknowledged = incident != null && incident.acknowledgedAt() != null
          && (e.end == null || !incident.acknowledgedAt().isAfter(e.end));
      if (fixed) {
        autoResolved++;
      }
      if (incident != null) {
        paged++;
        if (incident.acknowledgedAt() != null) {
          acks++;
          ackSeconds += Duration.between(incident.openedAt(), incident.acknowledgedAt()).toSeconds();
        }
      }
      boolean quickClear = false;
      if (e.end != null && !fixed) {
        if (!acknowledged) {
          byItself++;
          boolean noAction = outcome == null || "RESOLVED_BY_ITSELF".equals(outcome.outcome());
          if (noAction && Duration.between(e.start, e.end).compareTo(QUICK_CLEAR) <= 0) {
            quickFalsePositives++;
            quickClear = true;
          }
        } else if (incident.resolvedAt() == null || incident.resolvedAt().isAfter(e.end)) {
          ackedWithoutAction++;
        }
      }
      if (e.flapped) {
        flapping++;
      }
      if (e.noise) {
        markedNoise++;
      }
      if (e.noise || quickClear) {
        falsePositives++;
      }
    }
    Episode first = group.get(0);
    double falsePositiveRate = fired == 0 ? 0 : round((double) falsePositives / fired);
    double autoResolveRate = fired == 0 ? 0 : round((double) autoResolved / fired);
    List<String> suggestions = new ArrayList<>();
    if (fired >= 5 && quickFalsePositives * 2 >= fired) {
      suggestions.add("fired " + fired + " times, " + quickFalsePositives + " cleared by themselves within "
          + QUICK_CLEAR.toMinutes() + " min: raise `for:` on the alerting rule");
    }
    if (flapping >= 3) {
      suggestions.add("flapped " + flapping + " times (fired again within " + FLAP_WINDOW.toMinutes()
          + " min of clearing): add hysteresis or `keep_firing_for:`");
    }
    if (ackedWithoutAction >= 3) {
      suggestions.add("acknowledged " + ackedWithoutAction + " times and then cleared by itself: lower its severity "
          + "or route it to a ticket instead of a page");
    }
    boolean hasRunbook = group.stream().anyMatch(e -> e.runbook != null);
    if (!hasRunbook && paged >= 3) {
      suggestions.add("paged " + paged + " times with no runbook: write one if the fix is routine");
    }
    if (markedNoise >= 2 && markedNoise * 4 >= fired) {
      suggestions.add("marked as noise " + markedNoise + " of " + fired + " times: tune the rule's threshold, or "
          + "delete it if nobody needs it");
    }
    if (fired >= 5 && autoResolveRate >= 0.8) {
      suggestions.add("runbooks fixed it " + autoResolved + " of " + fired + " times: fix the root cause");
    }
    return new Row(first.alertname, first.service, fired, autoResolved, byItself, paged, ackedWithoutAction,
        markedNoise, flapping, falsePositives, acks == 0 ? null : ackSeconds / acks, falsePositiveRate,
        autoResolveRate, suggestions);
  }

  /**
   * The whole window against the studio's goals. The false-positive rate is over every episode; the auto-resolve
   * rate is over the episodes that needed a fix (fixed by a runbook, or paged): "of the alerts that became work,
   * how many did a runbook finish without a person".
   */
  record Summary(int fired, int falsePositives, int autoResolved, int paged, double falsePositiveRate,
      double autoResolveRate, double falsePositiveGoal, double autoResolveGoal, boolean falsePositivesWithinGoal,
      boolean autoResolveWithinGoal) {}

  static Summary summarize(List<Row> rows, AlertQualityProperties goals) {
    int fired = rows.stream().mapToInt(Row::fired).sum();
    int falsePositives = rows.stream().mapToInt(Row::falsePositives).sum();
    int autoResolved = rows.stream().mapToInt(Row::autoResolved).sum();
    int paged = rows.stream().mapToInt(Row::paged).sum();
    double falsePositiveRate = fired == 0 ? 0 : round((double) falsePositives / fired);
    double autoResolveRate = autoResolved + paged == 0 ? 0 : round((double) autoResolved / (autoResolved + paged));
    return new Summary(fired, falsePositives, autoResolved, paged, falsePositiveRate, autoResolveRate,
        goals.falsePositiveGoal(), goals.autoResolveGoal(), falsePositiveRate <= goals.falsePositiveGoal(),
        autoResolveRate >= goals.autoResolveGoal());
  }

  private static Outcome outcomeOf(Episode e, Map<String, List<Outcome>> outcomes) {
    if (e.remediationId == null) {
      return null;
    }
    // One remediation workflow ID serves every episode of its target, one run each: the episode's run is the one
    // that started closest to the episode's first firing, within the episode.
    return outcomes.getOrDefault(e.remediationId, List.of()).stream()
        .filter(o -> !o.startedAt().isBefore(e.start.minusSeconds(60)) && (e.end == null || !o.startedAt().isAfter(e.end)))
        .min(Comparator.comparing(o -> Duration.between(e.start, o.startedAt()).abs()))
        .orElse(null);
  }

  private Map<String, Incident> incidents(List<Episode> episodes) {
    Map<String, Incident> incidents = new HashMap<>();
    jdbc.sql("""
            select incident_id, opened_at, acknowledged_at, resolved_at from incidents
            where incident_id in (select distinct incident_id from alert_events where incident_id is not null)
               or incident_id in (select incident_id from remediation_outcomes where incident_id is not null)
            """)
        .query((rs, n) -> incidents.put(rs.getString(1), new Incident(rs.getString(1), instant(rs.getTimestamp(2)),
            instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)))))
        .list();
    return incidents;
  }

  private Map<String, List<Outcome>> outcomes(Instant from, Instant to) {
    Map<String, List<Outcome>> outcomes = new HashMap<>();
    jdbc.sql("""
            select remediation_id, outcome, incident_id, started_at from remediation_outcomes
            where started_at >= ? and started_at < ? order by started_at
            """)
        .params(Timestamp.from(from), Timestamp.from(to))
        .query((rs, n) -> {
          String id = rs.getString(1);
          String workflowId = id.substring(0, id.lastIndexOf(':'));
          return outcomes.computeIfAbsent(workflowId, k -> new ArrayList<>()).add(
              new Outcome(workflowId, rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
        })
        .list();
    return outcomes;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
