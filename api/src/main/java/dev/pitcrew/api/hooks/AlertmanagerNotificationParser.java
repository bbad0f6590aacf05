package dev.pitcrew.api.hooks;

import static dev.pitcrew.api.hooks.WebhookJson.text;

import dev.pitcrew.api.hooks.AlertmanagerNotification.AlertEntry;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.workflows.text.StorableText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and validates a whole Alertmanager delivery (webhook payload version 4) before anything is acted on: every
 * problem found is reported in one 400, each naming its field (e.g. {@code alerts[2].fingerprint}), so a bad
 * delivery never half-opens incidents.
 */
@Component
class AlertmanagerNotificationParser {
  static final String VERSION = "4";
  private static final Set<String> STATUSES = Set.of(AlertmanagerNotification.FIRING, AlertmanagerNotification.RESOLVED);

  private final JsonMapper mapper;

  AlertmanagerNotificationParser(JsonMapper mapper) {
    this.mapper = mapper;
  }

  AlertmanagerNotification parse(byte[] body) {
    JsonNode root = WebhookJson.object(mapper, body, "a JSON object (an Alertmanager webhook payload)");
    List<FieldProblem> problems = new ArrayList<>();
    String version = text(root.path("version"));
    if (version == null) {
      problems.add(new FieldProblem("version", "is required (Alertmanager sends \"4\")"));
    } else if (!VERSION.equals(version)) {
      problems.add(new FieldProblem("version", "must be \"4\"; Pitcrew reads webhook payload version 4 only"));
    }
    String groupKey = text(root.path("groupKey"));
    if (groupKey == null) {
      problems.add(new FieldProblem("groupKey", "is required"));
    }
    String status = status(root.path("status"), "status", problems);
    List<AlertEntry> alerts = alerts(root.path("alerts"), problems);
    Map<String, String> groupLabels = strings(root.path("groupLabels"), "groupLabels", problems);
    Map<String, String> commonLabels = strings(root.path("commonLabels"), "commonLabels", problems);
    Map<String, String> commonAnnotations = strings(root.path("commonAnnotations"), "commonAnnotations", problems);
    JsonNode truncated = root.path("truncatedAlerts");
    if (!truncated.isMissingNode() && !truncated.isNull() && !(truncated.isIntegralNumber() && truncated.asLong() >= 0)) {
      problems.add(new FieldProblem("truncatedAlerts", "must be a number of at least 0"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          String.join("; ", problems.stream().map(p -> p.field() + ": " + p.message()).toList())
              + ". Nothing was done.", problems);
    }
    return new AlertmanagerNotification(groupKey, status, text(root.path("receiver")), groupLabels, commonLabels,
        commonAnnotations, text(root.path("externalURL")), truncated.asLong(0), alerts);
  }

  private static List<AlertEntry> alerts(JsonNode array, List<FieldProblem> problems) {
    if (array.isMissingNode() || array.isNull()) {
      problems.add(new FieldProblem("alerts", "is required"));
      return List.of();
    }
    if (!array.isArray()) {
      problems.add(new FieldProblem("alerts", "must be an array"));
      return List.of();
    }
    if (array.isEmpty()) {
      problems.add(new FieldProblem("alerts", "must list at least one alert"));
    }
    List<AlertEntry> alerts = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String field = "alerts[" + i + "]";
      JsonNode alert = array.get(i);
      if (!alert.isObject()) {
        problems.add(new FieldProblem(field, "must be an object"));
        continue;
      }
      String status = status(alert.path("status"), field + ".status", problems);
      Map<String, String> labels = strings(alert.path("labels"), field + ".labels", problems);
      JsonNode labelsNode = alert.path("labels");
      if (labelsNode.isMissingNode() || labelsNode.isNull()) {
        problems.add(new FieldProblem(field + ".labels", "is required"));
      } else if (labelsNode.isObject() && (labels.get("alertname") == null || labels.get("alertname").isBlank())) {
        problems.add(new FieldProblem(field + ".labels.alertname", "is required"));
      }
      String fingerprint = text(alert.path("fingerprint"));
      if (fingerprint == null) {
        problems.add(new FieldProblem(field + ".fingerprint", "is required"));
      }
      alerts.add(new AlertEntry(status, labels, strings(alert.path("annotations"), field + ".annotations", problems),
          text(alert.path("startsAt")), text(alert.path("endsAt")), text(alert.path("generatorURL")), fingerprint));
    }
    return alerts;
  }

  private static String status(JsonNode node, String field, List<FieldProblem> problems) {
    String status = text(node);
    if (status == null) {
      problems.add(new FieldProblem(field, "is required (firing or resolved)"));
    } else if (!STATUSES.contains(status)) {
      problems.add(new FieldProblem(field, "must be firing or resolved"));
    }
    return status;
  }

  /**
   * A map of string values; Alertmanager's labels and annotations are never anything else. Names and values are
   * kept verbatim except what PostgreSQL cannot store ({@link StorableText}).
   */
  private static Map<String, String> strings(JsonNode object, String field, List<FieldProblem> problems) {
    if (object.isMissingNode() || object.isNull()) {
      return Map.of();
    }
    if (!object.isObject()) {
      problems.add(new FieldProblem(field, "must be an object of strings"));
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      if (!entry.getValue().isString()) {
        problems.add(new FieldProblem(field + "." + entry.getKey(), "must be a string"));
      } else {
        values.put(StorableText.of(entry.getKey()), StorableText.of(entry.getValue().asString()));
      }
    }
    return values;
  }
}
