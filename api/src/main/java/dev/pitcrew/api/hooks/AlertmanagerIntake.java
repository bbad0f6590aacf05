package dev.pitcrew.api.hooks;

import dev.pitcrew.api.hooks.AlertmanagerHookProperties.DedupMode;
import dev.pitcrew.api.hooks.AlertmanagerNotification.AlertEntry;
import dev.pitcrew.api.incidents.IncidentIntake;
import dev.pitcrew.api.incidents.IntakeOutcome;
import dev.pitcrew.api.incidents.IntakeResult;
import dev.pitcrew.api.incidents.ServiceNames;
import dev.pitcrew.api.remediation.AlertRouting;
import dev.pitcrew.workflows.incident.Alert;
import dev.pitcrew.workflows.incident.AlertStatus;
import dev.pitcrew.workflows.incident.IncidentInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns a validated Alertmanager group into incident intake: firing alerts open or join the incident of their
 * dedup key, resolved ones are recorded on it (the service's policy may then auto-resolve it). Each alert joins
 * under its fingerprint, Alertmanager's stable identity of an alert's label set, so a resolved notification clears
 * exactly the alert that fired.
 */
@Component
class AlertmanagerIntake {
  static final String SOURCE = "alertmanager";

  private final IncidentIntake intake;
  private final AlertmanagerHookProperties properties;
  private final AlertmanagerGroupKeys groupKeys;
  private final AlertRouting routing;

  AlertmanagerIntake(IncidentIntake intake, AlertmanagerHookProperties properties, AlertmanagerGroupKeys groupKeys,
      AlertRouting routing) {
    this.intake = intake;
    this.properties = properties;
    this.groupKeys = groupKeys;
    this.routing = routing;
  }

  /**
   * What one alert did: {@code incidentId} is null when a resolved alert found no open incident (or a runbook
   * took it without paging); {@code remediationId} is the remediation a runbook handed it to, if any.
   */
  record Handled(String fingerprint, String status, String dedupKey, String incidentId, IntakeOutcome outcome,
      String remediationId) {}

  /**
   * Sends the first page of every incident this delivery would open, before the delivery waits for its place
   * towards the engine: in a storm that wait is seconds, and the page must not spend them in line. Only the alert
   * {@link #take} would open a key's incident with is paged ahead: the first firing one of each dedup key that goes
   * the incident path (in group mode a delivery's alerts share one key, and the first one's severity is the
   * incident's). {@code take}, given the same runbooks, then finds the door's attempt and shares it instead of
   * paging again. Best effort: an alert this cannot page ahead (its key's records unreadable) is paged by {@code
   * take} as before.
   *
   * @return the runbooks this routed by, for {@code take}
   */
  AlertRouting.Snapshot pageAhead(AlertmanagerNotification notification) {
    AlertRouting.Snapshot runbooks = routing.snapshot();
    Set<String> keys = new HashSet<>();
    for (AlertEntry alert : notification.alerts()) {
      if (alert.firing() && runbooks.opensIncidentAtOnce(alert.labels())
          && keys.add(dedupKey(notification, alert))) {
        intake.pageAhead(opening(notification, alert));
      }
    }
    return runbooks;
  }

  List<Handled> take(AlertmanagerNotification notification) {
    return take(notification, routing.snapshot());
  }

  List<Handled> take(AlertmanagerNotification notification, AlertRouting.Snapshot runbooks) {
    List<Handled> handled = new ArrayList<>();
    for (AlertEntry alert : notification.alerts()) {
      String key = dedupKey(notification, alert);
      String summary = title(alert);
      String service = service(alert);
      IntakeResult[] incident = {null};
      AlertRouting.Routed routed;
      if (alert.firing()) {
        routed = runbooks.firing(alert.fingerprint(), summary, alert.labels(), alert.annotations(),
            alert.generatorUrl(), service, () -> {
          incident[0] = intake.raise(opening(notification, alert),
              new Alert(SOURCE, SOURCE, alert.fingerprint(), AlertStatus.FIRING, summary));
          return incident[0].incidentId();
        });
      } else {
        routed = runbooks.resolved(alert.fingerprint(), alert.labels(), service);
        if (routed.incidentPathToo()) {
          incident[0] = intake.clear(key, new Alert(SOURCE, SOURCE, alert.fingerprint(), AlertStatus.RESOLVED, summary));
        }
      }
      IntakeOutcome outcome = routed.remediationId() != null ? IntakeOutcome.REMEDIATING
          : incident[0] == null ? IntakeOutcome.NO_OPEN_INCIDENT : incident[0].outcome();
      handled.add(new Handled(alert.fingerprint(), alert.status(), key,
          incident[0] == null ? null : incident[0].incidentId(), outcome, routed.remediationId()));
    }
    // Pitcrew's own bookkeeping comes after every alert is on the engine, so no page waits for these writes.
    try {
      if (properties.dedupMode() == DedupMode.GROUP) {
        // So a PagerDuty incident Alertmanager's own pagerduty_config triggered for this group (incident_key =
        // sha256 of the group key) finds the incident Pitcrew opens for it. Should PostgreSQL refuse it, the
        // delivery answers 503 and Alertmanager sends it again: the alerts then join the incidents they opened,
        // and the key is written.
        groupKeys.remember(notification.groupKey(), SOURCE + ":" + notification.groupKey());
      }
    } finally {
      // The alerts were routed whatever became of the key: the quality report keeps them either way.
      runbooks.recordHistory();
    }
    return handled;
  }

  /** The incident a firing alert opens, if its key has none that takes it. */
  private IncidentInput opening(AlertmanagerNotification notification, AlertEntry alert) {
    return IncidentInput.open(dedupKey(notification, alert), service(alert),
        properties.severityOf(alert.labels().get(properties.severityLabel())), title(alert),
        alert.annotations().get("description"), SOURCE, SOURCE, null);
  }

  private String dedupKey(AlertmanagerNotification notification, AlertEntry alert) {
    return properties.dedupMode() == DedupMode.FINGERPRINT
        ? SOURCE + ":" + alert.fingerprint()
        : SOURCE + ":" + notification.groupKey();
  }

  /** The first service label that names a service, as a slug (so policies and filters can name it too). */
  private String service(AlertEntry alert) {
    for (String label : properties.serviceLabels()) {
      String slug = ServiceNames.slugOf(alert.labels().get(label));
      if (slug != null) {
        return slug;
      }
    }
    return properties.defaultService();
  }

  private static String title(AlertEntry alert) {
    String summary = alert.annotations().get("summary");
    return summary != null && !summary.isBlank() ? summary : alert.alertname();
  }
}
