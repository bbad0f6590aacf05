package dev.pitcrew.activities.kubernetes;

import dev.pitcrew.workflows.deploy.Colour;
import java.util.Map;

/**
 * How Pitcrew names and labels a service's blue-green objects. Operators rely on these names: a service
 * {@code game-api} has Deployments {@code game-api-blue} and {@code game-api-green}, the active Service
 * {@code game-api} and the preview Service {@code game-api-preview}.
 */
final class BlueGreenObjects {
  static final String APP_LABEL = "app.kubernetes.io/name";
  static final String COLOUR_LABEL = "pitcrew.dev/colour";
  static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  static final String ATTEMPT_ANNOTATION = "pitcrew.dev/attempt";

  private BlueGreenObjects() {}

  static String deploymentName(String service, Colour colour) {
    return service + "-" + colour.label();
  }

  static String activeService(String service) {
    return service;
  }

  static String previewService(String service) {
    return service + "-preview";
  }

  static Map<String, String> selector(String service, Colour colour) {
    return Map.of(APP_LABEL, service, COLOUR_LABEL, colour.label());
  }

  /** The colour a Service or label set selects; null when it selects none. */
  static Colour colourIn(Map<String, String> labels) {
    String value = labels == null ? null : labels.get(COLOUR_LABEL);
    if (value == null) {
      return null;
    }
    return Colour.valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
