package dev.pitcrew.activities.drill.velero;

import static dev.pitcrew.activities.drill.velero.VeleroResources.ATTEMPT_ANNOTATION;
import static dev.pitcrew.activities.drill.velero.VeleroResources.BACKUP;
import static dev.pitcrew.activities.drill.velero.VeleroResources.COMPLETED;
import static dev.pitcrew.activities.drill.velero.VeleroResources.DRILL_LABEL;
import static dev.pitcrew.activities.drill.velero.VeleroResources.PARTIALLY_FAILED;
import static dev.pitcrew.activities.drill.velero.VeleroResources.RESTORE;
import static dev.pitcrew.activities.drill.velero.VeleroResources.SCHEDULE_LABEL;
import static dev.pitcrew.activities.drill.velero.VeleroResources.TERMINAL;
import static dev.pitcrew.activities.drill.velero.VeleroResources.countOf;
import static dev.pitcrew.activities.drill.velero.VeleroResources.phaseOf;
import static dev.pitcrew.activities.drill.velero.VeleroResources.timeOf;

import dev.pitcrew.activities.analysis.HttpSmokeChecker;
import dev.pitcrew.activities.analysis.PrometheusClient;
import dev.pitcrew.activities.analysis.ThresholdCondition;
import dev.pitcrew.workflows.deploy.HttpSmokeCheck;
import dev.pitcrew.workflows.deploy.Measurement;
import dev.pitcrew.workflows.deploy.MeasurementPhase;
import dev.pitcrew.workflows.deploy.MeasurementTarget;
import dev.pitcrew.workflows.drill.AssertionOutcome;
import dev.pitcrew.workflows.drill.BackupInfo;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.RestoreOutcome;
import dev.pitcrew.workflows.drill.VeleroDrillActivities;
import dev.pitcrew.workflows.drill.VeleroPrometheusQuery;
import dev.pitcrew.workflows.drill.VeleroSmokeCheck;
import dev.pitcrew.workflows.drill.VeleroTarget;
import dev.pitcrew.workflows.drill.VerificationOutcome;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Velero drills through fabric8's generic resources: a Backup (or the newest of a Schedule), a Restore mapping the
 * namespace into the run's scratch namespace, the restored pods' readiness, smoke checks and Prometheus queries,
 * and the scratch namespace's deletion.
 */
@Component
public class VeleroDrillActivitiesImpl implements VeleroDrillActivities {
  private static final Logger log = LoggerFactory.getLogger(VeleroDrillActivitiesImpl.class);
  /** Only namespaces a drill made are ever deleted. */
  static final String SCRATCH_PREFIX = "pitcrew-drill-";

  private final KubernetesClient client;
  private final VeleroProperties properties;
  private final PrometheusClient prometheus;
  private final HttpSmokeChecker smoke;

  public VeleroDrillActivitiesImpl(
      KubernetesClient client, VeleroProperties properties, PrometheusClient prometheus, HttpSmokeChecker smoke) {
    this.client = client;
    this.properties = properties;
    this.prometheus = prometheus;
    this.smoke = smoke;
  }

  @Override
  public BackupInfo latestBackup(DrillDefinition definition) {
    VeleroTarget velero = velero(definition);
    GenericKubernetesResource newest = VeleroResources.of(client, BACKUP).inNamespace(properties.namespace())
        .withLabel(SCHEDULE_LABEL, velero.schedule()).list().getItems().stream()
        .filter(b -> COMPLETED.equals(phaseOf(b)) && timeOf(b, "completionTimestamp") != null)
        .max(Comparator.comparing(b -> timeOf(b, "completionTimestamp")))
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("No Completed backup of the Velero Schedule "
            + velero.schedule() + " in namespace " + properties.namespace(), "NoBackup"));
    return backupInfo(newest, false);
  }

  @Override
  public BackupInfo takeBackup(DrillDefinition definition, String backupName) {
    VeleroTarget velero = velero(definition);
    Resource<GenericKubernetesResource> backup =
        VeleroResources.of(client, BACKUP).inNamespace(properties.namespace()).withName(backupName);
    createUnlessExists(backup, BACKUP, backupName, definition, Map.of(
        "includedNamespaces", List.of(velero.namespace()),
        "ttl", VeleroResources.goDuration(properties.backupTtl())));
    GenericKubernetesResource done = awaitEnd(backup, "backup " + backupName, velero.restoreTimeoutMinutes());
    if (!COMPLETED.equals(phaseOf(done))) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Velero backup " + backupName + " ended " + String.join("; ", evidenceOf(done, "backup")), "VeleroFailed");
    }
    log.info("Drill {}: Velero backup {} of {} completed", definition.name(), backupName, velero.namespace());
    return backupInfo(done, true);
  }

  @Override
  public RestoreOutcome restore(DrillDefinition definition, BackupInfo backup, String scratchNamespace) {
    VeleroTarget velero = velero(definition);
    requireScratch(scratchNamespace);
    Resource<GenericKubernetesResource> restore =
        VeleroResources.of(client, RESTORE).inNamespace(properties.namespace()).withName(scratchNamespace);
    long began = System.currentTimeMillis();
    boolean resumed = !createUnlessExists(restore, RESTORE, scratchNamespace, definition, Map.of(
        "backupName", backup.location(),
        "includedNamespaces", List.of(velero.namespace()),
        "namespaceMapping", Map.of(velero.namespace(), scratchNamespace)));
    GenericKubernetesResource done = awaitEnd(restore, "restore " + scratchNamespace, velero.restoreTimeoutMinutes());
    String phase = phaseOf(done);
    List<String> evidence = evidenceOf(done, "restore");
    if (!COMPLETED.equals(phase) && !PARTIALLY_FAILED.equals(phase)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Velero restore " + scratchNamespace + " ended " + String.join("; ", evidence), "VeleroFailed");
    }
    Instant started = timeOf(done, "startTimestamp");
    Instant completed = timeOf(done, "completionTimestamp");
    long millis = started != null && completed != null
        ? Duration.between(started, completed).toMillis() : System.currentTimeMillis() - began;
    int createdOn = Integer.parseInt(done.getMetadata().getAnnotations() == null ? "1"
        : done.getMetadata().getAnnotations().getOrDefault(ATTEMPT_ANNOTATION, "1"));
    log.info("Drill {}: Velero restore {} of {} {}", definition.name(), scratchNamespace, backup.location(), phase);
    return new RestoreOutcome(scratchNamespace, 0, millis, createdOn, resumed,
        COMPLETED.equals(phase) ? 0 : 1, COMPLETED.equals(phase) && countOf(done, "warnings") == 0 ? List.of() : evidence);
  }

  @Override
  public VerificationOutcome verify(DrillDefinition definition, String scratchNamespace) {
    VeleroTarget velero = velero(definition);
    List<AssertionOutcome> checks = new ArrayList<>();
    List<Pod> pods = awaitReadyPods(scratchNamespace, velero);
    long ready = pods.stream().filter(VeleroDrillActivitiesImpl::isReady).count();
    boolean podsPass = pods.size() >= velero.minimumReadyPods() && ready == pods.size();
    checks.add(new AssertionOutcome("pods Ready in " + scratchNamespace, podsPass, ready + " of " + pods.size()
        + " pods Ready, at least " + velero.minimumReadyPods() + " expected" + notReady(pods)));
    // A beat before each request: one request takes at most pitcrew.analysis.request-timeout.
    for (VeleroSmokeCheck check : velero.smokeChecks()) {
      context().heartbeat("smoke check " + check.service() + check.path());
      checks.add(smokeCheck(check, scratchNamespace));
    }
    for (VeleroPrometheusQuery query : velero.prometheusQueries()) {
      context().heartbeat("prometheus query");
      checks.add(prometheusCheck(query, scratchNamespace));
    }
    List<String> problems = checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail()).toList();
    return new VerificationOutcome((int) ready, objectCounts(scratchNamespace, pods.size()), Map.of(), checks, problems);
  }

  @Override
  public boolean cleanUp(DrillDefinition definition, String scratchNamespace) {
    requireScratch(scratchNamespace);
    GenericKubernetesResource restore =
        VeleroResources.of(client, RESTORE).inNamespace(properties.namespace()).withName(scratchNamespace).get();
    if (restore != null && !TERMINAL.contains(phaseOf(restore))) {
      // Velero would recreate whatever is deleted under a running restore: wait for it to end (the retry waits).
      throw ApplicationFailure.newFailure("Velero restore " + scratchNamespace + " is still " + phaseOf(restore)
          + "; its namespace is deleted once it ends", "VeleroRestoreRunning");
    }
    boolean existed = client.namespaces().withName(scratchNamespace).get() != null;
    if (existed) {
      client.namespaces().withName(scratchNamespace).delete();
      log.info("Drill {}: deleted scratch namespace {}", definition.name(), scratchNamespace);
    }
    return existed;
  }

  /** Creates the drill's Velero object unless an earlier attempt did; true when this call created it. */
  private boolean createUnlessExists(Resource<GenericKubernetesResource> resource, ResourceDefinitionContext kind,
      String name, DrillDefinition definition, Map<String, Object> spec) {
    if (resource.get() != null) {
      log.info("Drill {}: Velero {} {} exists already (an earlier attempt made it): waiting for it", definition.name(),
          kind.getKind(), name);
      return false;
    }
    GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
        .withApiVersion(VeleroResources.API_VERSION).withKind(kind.getKind())
        .withNewMetadata().withName(name).withNamespace(properties.namespace())
        .addToLabels(DRILL_LABEL, definition.name())
        .addToAnnotations(ATTEMPT_ANNOTATION, String.valueOf(context().getInfo().getAttempt()))
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
    try {
      resource.create(object);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false; // made between our look and our create: it is the one to wait for
      }
      throw e;
    }
  }

  /** Waits for a Backup or Restore to reach an end phase, heartbeating each look; a cancel ends the wait. */
  private GenericKubernetesResource awaitEnd(Resource<GenericKubernetesResource> resource, String what, int minutes) {
    return await(what, Duration.ofMinutes(minutes), () -> {
      GenericKubernetesResource current = resource.get();
      if (current == null) {
        throw ApplicationFailure.newFailure("Velero " + what + " disappeared while the drill waited for it",
            "VeleroObjectGone");
      }
      return current;
    }, current -> TERMINAL.contains(phaseOf(current)), VeleroResources::phaseOf, "VeleroTimeout");
  }

  private List<Pod> awaitReadyPods(String namespace, VeleroTarget velero) {
    Predicate<List<Pod>> ready = pods -> pods.size() >= velero.minimumReadyPods()
        && pods.stream().allMatch(VeleroDrillActivitiesImpl::isReady);
    // No timeout failure here: what the pods are when the wait ends is the verification's evidence.
    return await("pods of " + namespace, Duration.ofMinutes(velero.readyTimeoutMinutes()),
        () -> client.pods().inNamespace(namespace).list().getItems(), ready,
        pods -> pods.stream().filter(VeleroDrillActivitiesImpl::isReady).count() + "/" + pods.size() + " Ready",
        null);
  }

  /**
   * Looks until {@code done} holds, heartbeating each look. At the deadline: fails with {@code timeoutType}, or, when
   * that is null, answers the last look.
   */
  private <T> T await(String what, Duration timeout, java.util.function.Supplier<T> look, Predicate<T> done,
      java.util.function.Function<T, String> progress, String timeoutType) {
    ActivityExecutionContext context = context();
    Duration limit = timeout.compareTo(properties.maxWait()) < 0 ? timeout : properties.maxWait();
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      T current = look.get();
      if (done.test(current)) {
        return current;
      }
      // Heartbeating is also how a cancel of the run reaches this wait: it throws once the run was cancelled.
      context.heartbeat(what + ": " + progress.apply(current));
      if (System.nanoTime() > deadline) {
        if (timeoutType == null) {
          return current;
        }
        throw ApplicationFailure.newNonRetryableFailure("Velero " + what + " did not end within "
            + limit.toSeconds() + " s (still " + progress.apply(current) + ")", timeoutType);
      }
      try {
        Thread.sleep(properties.pollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
    }
  }

  private AssertionOutcome smokeCheck(VeleroSmokeCheck check, String namespace) {
    String name = "GET " + check.service() + check.path();
    try {
      Measurement measured = smoke.check(new HttpSmokeCheck(check.path(), check.expectedStatus(), check.bodyContains()),
          new MeasurementTarget(check.service(), namespace, check.service(), null));
      return new AssertionOutcome(name, measured.phase() == MeasurementPhase.SUCCESSFUL, measured.message());
    } catch (IOException | IllegalArgumentException e) {
      return new AssertionOutcome(name, false, "nothing answered: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  private AssertionOutcome prometheusCheck(VeleroPrometheusQuery query, String namespace) {
    String promql = query.query().replace("{namespace}", namespace);
    String name = "prometheus " + promql;
    try {
      ThresholdCondition condition = ThresholdCondition.parse(query.successCondition());
      List<Double> samples = prometheus.query(promql);
      if (samples.isEmpty()) {
        return new AssertionOutcome(name, false, "the query returned no samples");
      }
      boolean holds = condition.holdsFor(samples);
      return new AssertionOutcome(name, holds, samples + (holds ? " meets " : " does not meet ") + condition);
    } catch (IOException | IllegalArgumentException e) {
      return new AssertionOutcome(name, false, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  /**
   * What the restore put into the scratch namespace, by kind: evidence on the report. Only kinds the workers' read
   * access covers (the Helm chart's ClusterRole lists pods, services and deployments; no ConfigMaps or Secrets).
   */
  private Map<String, Long> objectCounts(String namespace, int pods) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("pods", (long) pods);
    counts.put("deployments", (long) client.apps().deployments().inNamespace(namespace).list().getItems().size());
    counts.put("services", (long) client.services().inNamespace(namespace).list().getItems().size());
    return counts;
  }

  /** Velero's own account of an ended Backup or Restore: its phase, counts, reasons; details are in its logs. */
  private List<String> evidenceOf(GenericKubernetesResource object, String kind) {
    List<String> evidence = new ArrayList<>();
    String name = object.getMetadata().getName();
    evidence.add(phaseOf(object) + " with " + countOf(object, "errors") + " errors and " + countOf(object, "warnings")
        + " warnings (velero " + kind + " describe " + name + " --details -n " + properties.namespace() + ")");
    Object reason = VeleroResources.status(object).get("failureReason");
    if (reason != null) {
      evidence.add("failure reason: " + reason);
    }
    if (VeleroResources.status(object).get("validationErrors") instanceof List<?> errors) {
      errors.forEach(error -> evidence.add("validation error: " + error));
    }
    return evidence;
  }

  private BackupInfo backupInfo(GenericKubernetesResource backup, boolean takenByDrill) {
    Instant completed = timeOf(backup, "completionTimestamp");
    Map<?, ?> progress = VeleroResources.status(backup).get("progress") instanceof Map<?, ?> map ? map : Map.of();
    Map<String, Long> items = progress.get("itemsBackedUp") instanceof Number n
        ? Map.of("velero.itemsBackedUp", n.longValue()) : Map.of();
    return new BackupInfo(backup.getMetadata().getName(), completed.toEpochMilli(), 0, takenByDrill, null, items,
        Map.of());
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String notReady(List<Pod> pods) {
    List<String> names = pods.stream().filter(p -> !isReady(p)).map(p -> p.getMetadata().getName()).limit(5).toList();
    return names.isEmpty() ? "" : "; not Ready: " + String.join(", ", names);
  }

  private static VeleroTarget velero(DrillDefinition definition) {
    if (definition.target().velero() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Drill " + definition.name() + " has no target.velero section", "BadTarget");
    }
    return definition.target().velero();
  }

  private static void requireScratch(String namespace) {
    if (!namespace.startsWith(SCRATCH_PREFIX)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Refusing to restore into or delete " + namespace + ": not a drill's scratch namespace", "BadTarget");
    }
  }

  private static ActivityExecutionContext context() {
    return Activity.getExecutionContext();
  }
}
