package dev.pitcrew.api.hooks;

import java.util.List;
import java.util.Map;

/**
 * One Alertmanager webhook delivery (payload version 4): a group of alerts that share {@code groupLabels}.
 *
 * @param status {@code firing} while any alert of the group fires, {@code resolved} once all have resolved
 * @param truncatedAlerts how many alerts Alertmanager left out ({@code max_alerts}); the status still covers them
 */
record AlertmanagerNotification(
    String groupKey,
    String status,
    String receiver,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    String externalUrl,
    long truncatedAlerts,
    List<AlertEntry> alerts) {
  static final String FIRING = "firing";
  static final String RESOLVED = "resolved";

  /** One alert of the group. */
  record AlertEntry(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      String startsAt,
      String endsAt,
      String generatorUrl,
      String fingerprint) {

    boolean firing() {
      return FIRING.equals(status);
    }

    String alertname() {
      return labels.get("alertname");
    }
  }
}
