package dev.pitcrew.activities.drill.velero;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Velero's objects (velero.io/v1) as fabric8 generic resources: no Velero model classes, only the fields the drill
 * reads and writes, as Velero's API documents them.
 */
final class VeleroResources {
  static final String API_VERSION = "velero.io/v1";
  static final String SCHEDULE_LABEL = "velero.io/schedule-name";
  static final String DRILL_LABEL = "pitcrew.dev/drill";
  static final String ATTEMPT_ANNOTATION = "pitcrew.dev/created-on-attempt";
  static final String COMPLETED = "Completed";
  static final String PARTIALLY_FAILED = "PartiallyFailed";
  /** Phases after which Velero does no more to a Backup or Restore. */
  static final Set<String> TERMINAL = Set.of(COMPLETED, PARTIALLY_FAILED, "Failed", "FailedValidation");

  static final ResourceDefinitionContext BACKUP = context("Backup", "backups");
  static final ResourceDefinitionContext RESTORE = context("Restore", "restores");
  static final ResourceDefinitionContext SCHEDULE = context("Schedule", "schedules");

  private VeleroResources() {}

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("velero.io").withVersion("v1").withKind(kind).withPlural(plural).withNamespaced(true).build();
  }

  static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      of(KubernetesClient client, ResourceDefinitionContext context) {
    return client.genericKubernetesResources(context);
  }

  static String phaseOf(GenericKubernetesResource resource) {
    Object phase = status(resource).get("phase");
    return phase == null ? "New" : phase.toString();
  }

  static long countOf(GenericKubernetesResource resource, String field) {
    Object value = status(resource).get(field);
    return value instanceof Number number ? number.longValue() : 0;
  }

  static Instant timeOf(GenericKubernetesResource resource, String field) {
    Object value = status(resource).get(field);
    return value == null ? null : Instant.parse(value.toString());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> status(GenericKubernetesResource resource) {
    Object status = resource.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** Velero's durations are Go's: {@code 72h0m0s}. */
  static String goDuration(java.time.Duration duration) {
    return duration.toHours() + "h" + duration.toMinutesPart() + "m" + duration.toSecondsPart() + "s";
  }
}
