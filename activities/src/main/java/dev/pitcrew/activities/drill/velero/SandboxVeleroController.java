package dev.pitcrew.activities.drill.velero;

import static dev.pitcrew.activities.drill.velero.VeleroResources.BACKUP;
import static dev.pitcrew.activities.drill.velero.VeleroResources.RESTORE;
import static dev.pitcrew.activities.drill.velero.VeleroResources.SCHEDULE;
import static dev.pitcrew.activities.drill.velero.VeleroResources.SCHEDULE_LABEL;
import static dev.pitcrew.activities.drill.velero.VeleroResources.TERMINAL;
import static dev.pitcrew.activities.drill.velero.VeleroResources.phaseOf;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays Velero in the sandbox Kubernetes (fabric8's mock API server): a new Backup completes {@code delay} after it
 * was first seen, counting the objects of its namespaces; a Schedule makes a Backup whenever its newest is older than
 * its period; a new Restore copies the source namespace's ConfigMaps, Services, Deployments and Pods into the
 * namespace its {@code namespaceMapping} names, with the pods Ready, and completes, or ends PartiallyFailed for the
 * configured namespaces. The sandbox restores a namespace as it is now, not as it was at backup time.
 *
 * <p>It sees its Schedules, Backups and Restores through informers (one list each, then a watch), as Velero does,
 * and looks at those in-memory copies every tick: an idle sandbox costs no request to the mock API server.
 * (Listing them over HTTP five times a second cost an idle local-mode server several percent of a core.)
 */
public final class SandboxVeleroController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxVeleroController.class);
  private static final long TICK_MILLIS = 200;
  private static final DateTimeFormatter BACKUP_SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final KubernetesClient client;
  private final String veleroNamespace;
  private final Duration delay;
  private final Set<String> partiallyFailing;
  private final Map<String, Long> firstSeenMillis = new ConcurrentHashMap<>();
  /** When each Schedule last made a backup here: an informer may not have seen that backup yet. */
  private final Map<String, Instant> lastMade = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
  private SharedIndexInformer<GenericKubernetesResource> schedules;
  private SharedIndexInformer<GenericKubernetesResource> backups;
  private SharedIndexInformer<GenericKubernetesResource> restores;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "pitcrew-sandbox-velero");
    thread.setDaemon(true);
    return thread;
  });

  public SandboxVeleroController(KubernetesClient client, VeleroProperties properties) {
    this.client = client;
    this.veleroNamespace = properties.namespace();
    this.delay = properties.sandbox().delay();
    this.partiallyFailing = Set.copyOf(properties.sandbox().partiallyFailingNamespaces());
  }

  /** Seeds the example namespaces and Schedule (docs/drills.md) and starts reconciling. */
  public SandboxVeleroController start() {
    SandboxVeleroSeed.plant(client, veleroNamespace);
    schedules = inform(SCHEDULE);
    backups = inform(BACKUP);
    restores = inform(RESTORE);
    ticker.scheduleWithFixedDelay(this::reconcileSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    log.info("[SANDBOX] Simulated Velero in namespace {}: backups and restores complete after {}; restores of {} end "
        + "PartiallyFailed", veleroNamespace, delay, partiallyFailing);
    return this;
  }

  private SharedIndexInformer<GenericKubernetesResource> inform(ResourceDefinitionContext kind) {
    SharedIndexInformer<GenericKubernetesResource> informer =
        VeleroResources.of(client, kind).inNamespace(veleroNamespace).runnableInformer(0);
    // Not waited for, and retried whatever fails: a mock API server slow to answer on a busy machine must not fail
    // the start (a tick over a copy not yet filled does nothing).
    informer.exceptionHandler((started, failure) -> true).start();
    informers.add(informer);
    return informer;
  }

  private void reconcileSafely() {
    if (!informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
      return; // a Schedule must not be judged due against a copy of the Backups not yet filled
    }
    try {
      schedules.getStore().list().forEach(this::schedule);
      backups.getStore().list().forEach(this::backUp);
      restores.getStore().list().forEach(this::restore);
    } catch (RuntimeException e) {
      // Keep ticking: a failed round (e.g. during shutdown) must not stop the controller for good.
      log.debug("Sandbox Velero round failed", e);
    }
  }

  /** Velero's schedule controller, for periods written {@code @every <n>m|h}; any other schedule counts as hourly. */
  private void schedule(GenericKubernetesResource schedule) {
    String name = schedule.getMetadata().getName();
    Duration period = periodOf(String.valueOf(specOf(schedule).get("schedule")));
    Instant now = Instant.now();
    Instant made = lastMade.get(name);
    boolean due = (made == null || !made.isAfter(now.minus(period)))
        && backups.getStore().list().stream()
            .filter(b -> name.equals(b.getMetadata().getLabels() == null ? null
                : b.getMetadata().getLabels().get(SCHEDULE_LABEL)))
            .noneMatch(b -> b.getMetadata().getCreationTimestamp() == null
                || Instant.parse(b.getMetadata().getCreationTimestamp()).isAfter(now.minus(period)));
    if (!due) {
      return;
    }
    Object template = specOf(schedule).getOrDefault("template", Map.of());
    VeleroResources.of(client, BACKUP).inNamespace(veleroNamespace).resource(new io.fabric8.kubernetes.api.model
        .GenericKubernetesResourceBuilder().withApiVersion(VeleroResources.API_VERSION).withKind("Backup")
        .withNewMetadata().withName(name + "-" + BACKUP_SUFFIX.format(now)).withNamespace(veleroNamespace)
        .withCreationTimestamp(now.truncatedTo(ChronoUnit.SECONDS).toString())
        .addToLabels(SCHEDULE_LABEL, name).endMetadata()
        .addToAdditionalProperties("spec", template).build()).create();
    lastMade.put(name, now);
    log.info("[SANDBOX] Velero Schedule {} made a backup", name);
  }

  private void backUp(GenericKubernetesResource backup) {
    if (TERMINAL.contains(phaseOf(backup)) || !waitedFor("backup/" + backup.getMetadata().getUid())) {
      return;
    }
    long items = 0;
    for (Object namespace : listOf(specOf(backup).get("includedNamespaces"))) {
      items += objectsOf(namespace.toString()).size();
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", VeleroResources.COMPLETED);
    status.put("startTimestamp", now.minus(delay.toMillis(), ChronoUnit.MILLIS).truncatedTo(ChronoUnit.SECONDS)
        .toString());
    status.put("completionTimestamp", now.toString());
    status.put("expiration", now.plus(Duration.ofDays(3)).toString());
    status.put("progress", Map.of("totalItems", items, "itemsBackedUp", items));
    status.put("errors", 0);
    status.put("warnings", 0);
    writeStatus(BACKUP, backup, status);
    log.info("[SANDBOX] Velero backup {} completed ({} items)", backup.getMetadata().getName(), items);
  }

  private void restore(GenericKubernetesResource restore) {
    if (TERMINAL.contains(phaseOf(restore))) {
      return;
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    if (!"InProgress".equals(phaseOf(restore))) {
      writeStatus(RESTORE, restore, new LinkedHashMap<>(Map.of("phase", "InProgress", "startTimestamp", now.toString())));
      return;
    }
    if (!waitedFor("restore/" + restore.getMetadata().getUid())) {
      return;
    }
    Map<String, Object> mapping = mapOf(specOf(restore).get("namespaceMapping"));
    int errors = 0;
    long items = 0;
    for (Object source : listOf(specOf(restore).get("includedNamespaces"))) {
      String target = String.valueOf(mapping.getOrDefault(source.toString(), source));
      items += copy(source.toString(), target);
      errors += partiallyFailing.contains(source.toString()) ? 2 : 0;
    }
    Map<String, Object> status = new LinkedHashMap<>(VeleroResources.status(restore));
    status.put("phase", errors == 0 ? VeleroResources.COMPLETED : VeleroResources.PARTIALLY_FAILED);
    status.put("completionTimestamp", now.toString());
    status.put("progress", Map.of("totalItems", items, "itemsRestored", items));
    status.put("errors", errors);
    status.put("warnings", errors == 0 ? 0 : 1);
    writeStatus(RESTORE, restore, status);
    log.info("[SANDBOX] Velero restore {} {} ({} items)", restore.getMetadata().getName(), status.get("phase"), items);
  }

  /** Copies the namespace's objects under the mapped name, as a Velero restore would; pods come back Ready. */
  private long copy(String source, String target) {
    if (client.namespaces().withName(target).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(target)
          .addToLabels("velero.io/restore-name", target).endMetadata().build()).create();
    }
    long items = 0;
    for (ConfigMap map : client.configMaps().inNamespace(source).list().getItems()) {
      map.setMetadata(restored(map, target));
      client.configMaps().inNamespace(target).resource(map).createOr(existing -> existing.update());
      items++;
    }
    for (Service service : client.services().inNamespace(source).list().getItems()) {
      service.setMetadata(restored(service, target));
      service.getSpec().setClusterIP(null);
      service.getSpec().setClusterIPs(null);
      client.services().inNamespace(target).resource(service).createOr(existing -> existing.update());
      items++;
    }
    for (Deployment deployment : client.apps().deployments().inNamespace(source).list().getItems()) {
      deployment.setMetadata(restored(deployment, target));
      deployment.setStatus(null);
      client.apps().deployments().inNamespace(target).resource(deployment).createOr(existing -> existing.update());
      items++;
    }
    for (Pod pod : client.pods().inNamespace(source).list().getItems()) {
      pod.setMetadata(restored(pod, target));
      pod.setStatus(new PodStatusBuilder().withPhase("Running").addToConditions(
          new PodConditionBuilder().withType("Ready").withStatus("True").build()).build());
      client.pods().inNamespace(target).resource(pod).createOr(existing -> existing.update());
      items++;
    }
    return items;
  }

  private static ObjectMeta restored(HasMetadata object, String namespace) {
    return new ObjectMetaBuilder().withName(object.getMetadata().getName()).withNamespace(namespace)
        .withLabels(object.getMetadata().getLabels()).withAnnotations(object.getMetadata().getAnnotations()).build();
  }

  private List<HasMetadata> objectsOf(String namespace) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(client.configMaps().inNamespace(namespace).list().getItems());
    objects.addAll(client.services().inNamespace(namespace).list().getItems());
    objects.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
    objects.addAll(client.pods().inNamespace(namespace).list().getItems());
    return objects;
  }

  private void writeStatus(ResourceDefinitionContext kind, GenericKubernetesResource object, Map<String, Object> status) {
    // A copy: the informer's cache is never written to, only the API server.
    GenericKubernetesResource updated = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder(object)
        .build();
    updated.setAdditionalProperties(new LinkedHashMap<>(object.getAdditionalProperties()));
    updated.getAdditionalProperties().put("status", status);
    VeleroResources.of(client, kind).inNamespace(veleroNamespace).resource(updated).update();
  }

  /** True once the object has waited {@code delay} since this controller first saw it. */
  private boolean waitedFor(String key) {
    long now = System.currentTimeMillis();
    long firstSeen = firstSeenMillis.computeIfAbsent(key, k -> now);
    if (now - firstSeen < delay.toMillis()) {
      return false;
    }
    firstSeenMillis.remove(key);
    return true;
  }

  static Duration periodOf(String schedule) {
    String every = schedule.trim();
    if (every.startsWith("@every ")) {
      try {
        return Duration.parse("PT" + every.substring(7).trim().toUpperCase(java.util.Locale.ROOT));
      } catch (java.time.format.DateTimeParseException e) {
        return Duration.ofHours(1);
      }
    }
    return Duration.ofHours(1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> specOf(GenericKubernetesResource object) {
    Object spec = object.getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> map ? (Map<String, Object>) map : new HashMap<>();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapOf(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static List<?> listOf(Object value) {
    return value instanceof List<?> list ? list : List.of();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    informers.forEach(SharedIndexInformer::close);
  }
}
