package dev.pitcrew.workflows.deploy;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-memory stand-in for the Kubernetes side: Deployments by name, Services by name, and every change in order in
 * {@link #events()}, so tests can assert exactly what the workflow did to the cluster.
 */
public class FakeCluster implements KubernetesRolloutActivities {
  enum Readiness { READY, DEADLINE_EXCEEDED, NEVER_ANSWERS }

  record FakeDeployment(String image, int replicas, String attemptId) {}

  private final Map<String, FakeDeployment> deployments = new ConcurrentHashMap<>();
  private final Map<String, Colour> services = new ConcurrentHashMap<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private volatile Readiness readiness = Readiness.READY;

  /** A service already serving {@code image} from its blue Deployment. */
  static FakeCluster serving(String service, String image, int replicas) {
    FakeCluster cluster = new FakeCluster();
    cluster.deployments.put(service + "-blue", new FakeDeployment(image, replicas, "initial"));
    cluster.services.put(service, Colour.BLUE);
    cluster.services.put(service + "-preview", Colour.BLUE);
    return cluster;
  }

  void readiness(Readiness readiness) {
    this.readiness = readiness;
  }

  List<String> events() {
    return List.copyOf(events);
  }

  void note(String event) {
    events.add(event);
  }

  Map<String, FakeDeployment> deployments() {
    return Map.copyOf(deployments);
  }

  Colour selectorOf(String serviceName) {
    return services.get(serviceName);
  }

  @Override
  public GreenDeployment prepareGreen(GreenSpec spec) {
    Colour active = services.get(spec.service());
    Colour colour = active == null ? Colour.BLUE : active.other();
    FakeDeployment previous = active == null ? null : deployments.get(spec.service() + "-" + active.label());
    String image = spec.image() != null ? spec.image() : previous.image();
    String name = spec.service() + "-" + colour.label();
    deployments.put(name, new FakeDeployment(image, spec.replicas(), spec.attemptId()));
    services.put(spec.service() + "-preview", colour);
    events.add("prepare " + name + " " + image + " x" + spec.replicas() + " attempt=" + spec.attemptId());
    return new GreenDeployment(
        colour,
        name,
        image,
        active,
        previous == null ? null : spec.service() + "-" + active.label(),
        previous == null ? null : previous.image(),
        previous == null ? 0 : previous.replicas(),
        spec.service(),
        spec.service() + "-preview");
  }

  @Override
  public dev.pitcrew.workflows.deploy.Readiness awaitReady(ReadinessCheck check) {
    switch (readiness) {
      case DEADLINE_EXCEEDED ->
          throw ApplicationFailure.newNonRetryableFailure(
              "Deployment " + check.deploymentName() + " exceeded its progress deadline", PROGRESS_DEADLINE_EXCEEDED);
      case NEVER_ANSWERS -> {
        // Stays open without holding a thread, like a rollout that never finishes.
        HangingActivities.hang();
        return null;
      }
      default -> {
        events.add("ready " + check.deploymentName() + " x" + check.replicas());
        return new dev.pitcrew.workflows.deploy.Readiness(check.deploymentName(), check.replicas(), 1500);
      }
    }
  }

  @Override
  public void scale(ScaleRequest request) {
    deployments.computeIfPresent(
        request.deploymentName(), (name, d) -> new FakeDeployment(d.image(), request.replicas(), d.attemptId()));
    events.add("scale " + request.deploymentName() + " " + request.replicas());
  }

  @Override
  public TrafficSwitch pointServiceAt(ServiceSelection selection) {
    Colour before = services.put(selection.serviceName(), selection.colour());
    events.add("switch " + selection.serviceName() + " -> " + selection.colour().label());
    return new TrafficSwitch(selection.serviceName(), before, selection.colour(), 7, before == selection.colour());
  }
}
