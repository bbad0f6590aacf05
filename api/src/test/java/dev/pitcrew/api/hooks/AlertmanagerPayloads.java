package dev.pitcrew.api.hooks;

import java.util.List;
import java.util.stream.Collectors;

/** Alertmanager webhook bodies (payload version 4) as Alertmanager sends them. */
final class AlertmanagerPayloads {
  private AlertmanagerPayloads() {}

  record Alert(String status, String fingerprint, String alertname, String service, String severity, String summary) {
    static Alert firing(String fingerprint, String service, String severity) {
      return new Alert("firing", fingerprint, "HighErrorRate", service, severity, "5xx above 5% on " + service);
    }

    Alert resolved() {
      return new Alert("resolved", fingerprint, alertname, service, severity, summary);
    }

    String json() {
      return """
          {"status": "%s",
           "labels": {"alertname": "%s", "service": "%s", "severity": "%s", "instance": "10.0.4.17:9102"},
           "annotations": {"summary": "%s", "description": "Error ratio over the last 5m is above the SLO."},
           "startsAt": "2026-03-14T09:21:00.000Z",
           "endsAt": "%s",
           "generatorURL": "http://prometheus.internal:9090/graph?g0.expr=job_errors",
           "fingerprint": "%s"}""".formatted(status, alertname, service, severity, summary,
          status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-03-14T09:41:00.000Z", fingerprint);
    }
  }

  static String group(String groupKey, List<Alert> alerts) {
    boolean anyFiring = alerts.stream().anyMatch(a -> a.status().equals("firing"));
    return """
        {"version": "4",
         "groupKey": "%s",
         "truncatedAlerts": 0,
         "status": "%s",
         "receiver": "pitcrew",
         "groupLabels": {"alertname": "HighErrorRate"},
         "commonLabels": {"alertname": "HighErrorRate"},
         "commonAnnotations": {},
         "externalURL": "http://alertmanager.internal:9093",
         "alerts": [%s]}""".formatted(groupKey.replace("\"", "\\\""), anyFiring ? "firing" : "resolved",
        alerts.stream().map(Alert::json).collect(Collectors.joining(",")));
  }

  static String group(String groupKey, Alert... alerts) {
    return group(groupKey, List.of(alerts));
  }
}
