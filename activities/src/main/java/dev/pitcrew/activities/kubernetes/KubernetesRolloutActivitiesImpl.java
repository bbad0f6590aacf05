package dev.pitcrew.activities.kubernetes;

import static dev.pitcrew.activities.kubernetes.BlueGreenObjects.APP_LABEL;
import static dev.pitcrew.activities.kubernetes.BlueGreenObjects.ATTEMPT_ANNOTATION;
import static dev.pitcrew.activities.kubernetes.BlueGreenObjects.COLOUR_LABEL;
import static dev.pitcrew.activities.kubernetes.BlueGreenObjects.MANAGED_BY_LABEL;

import dev.pitcrew.workflows.deploy.Colour;
import dev.pitcrew.workflows.deploy.GreenDeployment;
import dev.pitcrew.workflows.deploy.GreenSpec;
import dev.pitcrew.workflows.deploy.KubernetesRolloutActivities;
import dev.pitcrew.workflows.deploy.Readiness;
import dev.pitcrew.workflows.deploy.ReadinessCheck;
import dev.pitcrew.workflows.deploy.ScaleRequest;
import dev.pitcrew.workflows.deploy.ServiceSelection;
import dev.pitcrew.workflows.deploy.TrafficSwitch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Blue-green mechanics on Kubernetes with fabric8: one Deployment per colour, Services switched by selector. */
@Component
public class KubernetesRolloutActivitiesImpl implements KubernetesRolloutActivities {
  private static final Logger log = LoggerFactory.getLogger(KubernetesRolloutActivitiesImpl.class);
  private static final Duration FIRST_POLL = Duration.ofMillis(250);
  private static final Duration LONGEST_POLL = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final KubernetesTarget target;

  public KubernetesRolloutActivitiesImpl(KubernetesClient client, KubernetesTarget target) {
    this.client = client;
    this.target = target;
  }

  @Override
  public GreenDeployment prepareGreen(GreenSpec spec) {
    String namespace = spec.namespace();
    Service active = client.services().inNamespace(namespace).withName(BlueGreenObjects.activeService(spec.service())).get();
    Colour activeColour = active == null ? null : colourSelectedBy(active);
    Deployment previous = null;
    if (activeColour != null) {
      previous = deployments(namespace).withName(BlueGreenObjects.deploymentName(spec.service(), activeColour)).get();
      if (previous == null) {
        throw unmanageable(
            "Service " + active.getMetadata().getName() + " selects " + activeColour.label() + " but Deployment "
                + BlueGreenObjects.deploymentName(spec.service(), activeColour) + " does not exist");
      }
    }
    Colour colour = activeColour == null ? Colour.BLUE : activeColour.other();
    String image = spec.image() != null ? spec.image() : previous == null ? null : serviceContainer(previous, spec.service()).getImage();
    if (image == null) {
      throw unmanageable("No image given and " + spec.service() + " has no serving version to take it from");
    }

    String name = BlueGreenObjects.deploymentName(spec.service(), colour);
    Deployment existing = deployments(namespace).withName(name).get();
    if (existing == null || !spec.attemptId().equals(attemptOf(existing))) {
      // A different attempt's Deployment (an aborted one, or the version before last) is replaced as a whole, so
      // this attempt starts from a clean pod template, replica count and generation.
      deployments(namespace).resource(newVersion(spec, colour, image, previous)).createOr(NonDeletingOperation::update);
      log.info("[{}] Prepared {}/{} with {} ({} replicas, attempt {})",
          target.mode(), namespace, name, image, spec.replicas(), spec.attemptId());
    }
    pointServiceAt(new ServiceSelection(
        namespace, BlueGreenObjects.previewService(spec.service()), spec.service(), colour, spec.containerPort()));
    return new GreenDeployment(
        colour,
        name,
        image,
        activeColour,
        previous == null ? null : previous.getMetadata().getName(),
        previous == null ? null : serviceContainer(previous, spec.service()).getImage(),
        previous == null || previous.getSpec().getReplicas() == null ? 0 : previous.getSpec().getReplicas(),
        BlueGreenObjects.activeService(spec.service()),
        BlueGreenObjects.previewService(spec.service()));
  }

  @Override
  public Readiness awaitReady(ReadinessCheck check) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    // The first attempt's start travels in the heartbeat, so a retry on another worker keeps the same deadline.
    long startedAt = context.getHeartbeatDetails(Long.class).orElse(System.currentTimeMillis());
    long deadline = startedAt + check.progressDeadlineSeconds() * 1000L;
    Duration pause = FIRST_POLL;
    while (true) {
      Deployment deployment = deployments(check.namespace()).withName(check.deploymentName()).get();
      if (deployment == null) {
        throw unmanageable("Deployment " + check.namespace() + "/" + check.deploymentName() + " disappeared");
      }
      if (!check.attemptId().equals(attemptOf(deployment))) {
        throw unmanageable("Deployment " + check.deploymentName() + " was replaced by attempt " + attemptOf(deployment));
      }
      RolloutState state = RolloutState.of(deployment, check.replicas());
      if (state.complete()) {
        return new Readiness(check.deploymentName(), state.availableReplicas(), System.currentTimeMillis() - startedAt);
      }
      if (state.deadlineExceeded() || System.currentTimeMillis() > deadline) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Deployment " + check.deploymentName() + " is not available: " + state.description() + podProblems(check),
            PROGRESS_DEADLINE_EXCEEDED);
      }
      context.heartbeat(startedAt);
      sleep(pause);
      pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
    }
  }

  @Override
  public void scale(ScaleRequest request) {
    var deployment = deployments(request.namespace()).withName(request.deploymentName());
    if (deployment.get() == null) {
      log.info("[{}] {}/{} does not exist; nothing to scale", target.mode(), request.namespace(), request.deploymentName());
      return;
    }
    deployment.edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(request.replicas()).endSpec().build());
    log.info("[{}] Scaled {}/{} to {}", target.mode(), request.namespace(), request.deploymentName(), request.replicas());
  }

  @Override
  public TrafficSwitch pointServiceAt(ServiceSelection selection) {
    var service = client.services().inNamespace(selection.namespace()).withName(selection.serviceName());
    Service current = service.get();
    if (current == null) {
      long start = System.nanoTime();
      client.services().inNamespace(selection.namespace()).resource(newService(selection)).create();
      return switched(selection, null, start);
    }
    Colour from = colourSelectedBy(current);
    if (from == selection.colour()) {
      return new TrafficSwitch(selection.serviceName(), from, selection.colour(), 0, true);
    }
    // fabric8 sends only the difference, one JSON Patch operation on one selector key: the switch is atomic from the
    // Service's point of view.
    long start = System.nanoTime();
    service.edit(s -> new ServiceBuilder(s).editSpec().addToSelector(COLOUR_LABEL, selection.colour().label())
        .endSpec().build());
    return switched(selection, from, start);
  }

  private TrafficSwitch switched(ServiceSelection selection, Colour from, long startNanos) {
    long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    log.info("[{}] Service {}/{} now selects {} (was {}); switch took {} ms", target.mode(), selection.namespace(),
        selection.serviceName(), selection.colour().label(), from == null ? "nothing" : from.label(), millis);
    return new TrafficSwitch(selection.serviceName(), from, selection.colour(), millis, false);
  }

  private Deployment newVersion(GreenSpec spec, Colour colour, String image, Deployment previous) {
    PodTemplateSpec template =
        previous == null
            ? freshTemplate(spec)
            : client.getKubernetesSerialization().clone(previous.getSpec().getTemplate());
    Map<String, String> podLabels = new HashMap<>(orEmpty(template.getMetadata().getLabels()));
    podLabels.putAll(BlueGreenObjects.selector(spec.service(), colour));
    Map<String, String> podAnnotations = new HashMap<>(orEmpty(template.getMetadata().getAnnotations()));
    podAnnotations.putAll(spec.podTemplateChanges().annotations());
    // Also on the pod template: a new attempt always rolls new pods, even with an unchanged image.
    podAnnotations.put(ATTEMPT_ANNOTATION, spec.attemptId());
    template.getMetadata().setLabels(podLabels);
    template.getMetadata().setAnnotations(podAnnotations);
    Container container = serviceContainer(template, spec.service());
    container.setImage(image);
    container.setEnv(withEnvironment(container.getEnv(), spec.podTemplateChanges().environment()));

    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(BlueGreenObjects.deploymentName(spec.service(), colour))
        .withNamespace(spec.namespace())
        .addToLabels(BlueGreenObjects.selector(spec.service(), colour))
        .addToLabels(MANAGED_BY_LABEL, "pitcrew")
        .addToAnnotations(ATTEMPT_ANNOTATION, spec.attemptId())
        .endMetadata()
        .withNewSpec()
        .withReplicas(spec.replicas())
        .withProgressDeadlineSeconds(spec.progressDeadlineSeconds())
        .withNewSelector()
        .withMatchLabels(BlueGreenObjects.selector(spec.service(), colour))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  private static PodTemplateSpec freshTemplate(GreenSpec spec) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .endMetadata()
        .withNewSpec()
        .addToContainers(
            new ContainerBuilder()
                .withName(spec.service())
                .addNewPort()
                .withContainerPort(spec.containerPort())
                .endPort()
                .build())
        .endSpec()
        .build();
  }

  private static Service newService(ServiceSelection selection) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(selection.serviceName())
        .withNamespace(selection.namespace())
        .addToLabels(APP_LABEL, selection.app())
        .addToLabels(MANAGED_BY_LABEL, "pitcrew")
        .endMetadata()
        .withNewSpec()
        .withSelector(BlueGreenObjects.selector(selection.app(), selection.colour()))
        .addNewPort()
        .withName("http")
        .withPort(80)
        .withNewTargetPort(selection.containerPort())
        .endPort()
        .endSpec()
        .build();
  }

  private static List<EnvVar> withEnvironment(List<EnvVar> current, Map<String, String> changes) {
    List<EnvVar> result = new ArrayList<>();
    for (EnvVar variable : orEmpty(current)) {
      if (!changes.containsKey(variable.getName())) {
        result.add(variable);
      }
    }
    changes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> result.add(new EnvVar(e.getKey(), e.getValue(), null)));
    return result;
  }

  /** The service's own container: the one named after it, else the first (sidecars come after it by convention). */
  private static Container serviceContainer(PodTemplateSpec template, String service) {
    List<Container> containers = template.getSpec().getContainers();
    return containers.stream().filter(c -> service.equals(c.getName())).findFirst().orElse(containers.get(0));
  }

  private static Container serviceContainer(Deployment deployment, String service) {
    return serviceContainer(deployment.getSpec().getTemplate(), service);
  }

  private static Colour colourSelectedBy(Service service) {
    Colour colour = BlueGreenObjects.colourIn(service.getSpec().getSelector());
    if (colour == null) {
      throw unmanageable("Service " + service.getMetadata().getName() + " does not select by " + COLOUR_LABEL
          + "; see docs/deployment.md on bringing an existing service under Pitcrew");
    }
    return colour;
  }

  private static String attemptOf(Deployment deployment) {
    return orEmpty(deployment.getMetadata().getAnnotations()).get(ATTEMPT_ANNOTATION);
  }

  /** Pod-level reasons (image pull errors, crash loops) to make a readiness failure actionable. */
  private String podProblems(ReadinessCheck check) {
    Deployment deployment = deployments(check.namespace()).withName(check.deploymentName()).get();
    List<Pod> pods =
        client.pods().inNamespace(check.namespace())
            .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems();
    String problems =
        pods.stream()
            .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
            .flatMap(p -> p.getStatus().getContainerStatuses().stream()
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                .map(c -> p.getMetadata().getName() + ": " + c.getState().getWaiting().getReason()))
            .distinct()
            .limit(5)
            .collect(Collectors.joining(", "));
    return problems.isEmpty() ? "" : " (" + problems + ")";
  }

  private NonNamespaceOperation<Deployment, DeploymentList, RollableScalableResource<Deployment>> deployments(
      String namespace) {
    return client.apps().deployments().inNamespace(namespace);
  }

  private static ApplicationFailure unmanageable(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, UNMANAGEABLE);
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
