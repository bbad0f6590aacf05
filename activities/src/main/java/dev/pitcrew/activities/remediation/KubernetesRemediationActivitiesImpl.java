package dev.pitcrew.activities.remediation;

import dev.pitcrew.activities.analysis.PrometheusClient;
import dev.pitcrew.activities.analysis.ThresholdCondition;
import dev.pitcrew.activities.kubernetes.KubernetesTarget;
import dev.pitcrew.workflows.remediation.ActionReport;
import dev.pitcrew.workflows.remediation.ActionType;
import dev.pitcrew.workflows.remediation.ActionRequest;
import dev.pitcrew.workflows.remediation.AlertFacts;
import dev.pitcrew.workflows.remediation.RemediationActivities;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import dev.pitcrew.workflows.remediation.Verification;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.temporal.failure.ApplicationFailure;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The remediation's eyes and hands on Kubernetes (through fabric8, on the same target as deployments: the sandbox
 * unless configured otherwise), on Prometheus and over HTTP.
 */
@Component
public class KubernetesRemediationActivitiesImpl implements RemediationActivities {
  private final KubernetesClient kubernetes;
  private final KubernetesTarget target;
  private final RemediationActions actions;
  private final PrometheusClient prometheus;
  private final JdbcClient jdbc;
  private final RemediationProperties properties;
  private final DeploymentRollbacks rollbacks;
  private final AlertValues alertValues;

  public KubernetesRemediationActivitiesImpl(KubernetesClient kubernetes, KubernetesTarget target,
      RemediationActions actions, DeploymentRollbacks rollbacks, PrometheusClient prometheus, JdbcClient jdbc,
      RemediationProperties properties, AlertValues alertValues) {
    this.alertValues = alertValues;
    this.kubernetes = kubernetes;
    this.target = target;
    this.actions = actions;
    this.rollbacks = rollbacks;
    this.prometheus = prometheus;
    this.jdbc = jdbc;
    this.properties = properties;
  }

  @Override
  public List<String> enrich(RemediationTarget remediationTarget) {
    List<String> lines = new ArrayList<>();
    String namespace = remediationTarget.namespace();
    lines.add("Kubernetes: " + target.mode() + (target.isSandbox() ? " (sandbox: nothing real is touched)" : ""));
    if (remediationTarget.pod() != null) {
      Pod pod = kubernetes.pods().inNamespace(namespace).withName(remediationTarget.pod()).get();
      lines.add(pod == null ? "Pod " + namespace + "/" + remediationTarget.pod() + " not found" : describe(pod));
      if (pod != null && properties.logTailLines() > 0) {
        lines.add(logTail(namespace, remediationTarget.pod()));
      }
    } else {
      List<Pod> pods = ServicePods.of(kubernetes, namespace, remediationTarget.service());
      Map<String, Long> phases = pods.stream().collect(Collectors.groupingBy(
          pod -> pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Unknown" : pod.getStatus().getPhase(),
          TreeMap::new, Collectors.counting()));
      lines.add("Pods of " + remediationTarget.service() + ": " + pods.size() + (phases.isEmpty() ? "" : " " + phases));
    }
    lines.add(recentEvents(remediationTarget));
    lines.add(recentDeployments(remediationTarget.service()));
    return lines;
  }

  @Override
  public List<String> enrichAlert(AlertFacts alert, RemediationTarget remediationTarget) {
    try {
      return alertValues.describe(alert);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("Interrupted while asking Prometheus", "Interrupted");
    }
  }

  private static String describe(Pod pod) {
    StringBuilder line = new StringBuilder("Pod " + pod.getMetadata().getName() + ": ");
    line.append(pod.getStatus() == null ? "no status" : pod.getStatus().getPhase());
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
        line.append(", ").append(container.getName()).append(" restarts=").append(container.getRestartCount());
        if (container.getLastState() != null && container.getLastState().getTerminated() != null) {
          line.append(" last terminated: ").append(container.getLastState().getTerminated().getReason());
        }
      }
    }
    return line.toString();
  }

  private String logTail(String namespace, String pod) {
    try {
      String log = kubernetes.pods().inNamespace(namespace).withName(pod).tailingLines(properties.logTailLines()).getLog();
      return "Log tail of " + pod + ":\n" + (log == null || log.isBlank() ? "(empty)" : log.strip());
    } catch (RuntimeException unavailable) {
      return "Log tail of " + pod + " unavailable: " + unavailable.getMessage();
    }
  }

  private String recentEvents(RemediationTarget remediationTarget) {
    String name = remediationTarget.pod() != null ? remediationTarget.pod() : remediationTarget.service();
    try {
      List<Event> events = kubernetes.v1().events().inNamespace(remediationTarget.namespace()).list().getItems()
          .stream()
          .filter(e -> e.getInvolvedObject() != null && e.getInvolvedObject().getName() != null
              && e.getInvolvedObject().getName().startsWith(name))
          .sorted(Comparator.comparing((Event e) -> String.valueOf(e.getLastTimestamp())).reversed())
          .limit(5)
          .toList();
      if (events.isEmpty()) {
        return "No recent Kubernetes events for " + name;
      }
      return "Recent events: " + events.stream()
          .map(e -> e.getReason() + " " + e.getInvolvedObject().getName() + ": " + e.getMessage())
          .collect(Collectors.joining(" | "));
    } catch (RuntimeException unavailable) {
      return "Kubernetes events unavailable: " + unavailable.getMessage();
    }
  }

  private String recentDeployments(String service) {
    List<String> runs = jdbc.sql("""
            select workflow_id || ' ' || status || coalesce(' (' || outcome || ')', '') from runs
            where run_type = 'deployment' and service = ? and started_at > now() - make_interval(secs => ?)
            order by started_at desc limit 3
            """)
        .params(service, (double) properties.recentDeployments().toSeconds())
        .query(String.class).list();
    return runs.isEmpty()
        ? "No Pitcrew deployment of " + service + " in the last " + properties.recentDeployments().toMinutes() + " min"
        : "Recent deployments of " + service + ": " + String.join("; ", runs);
  }

  @Override
  public ActionReport act(ActionRequest request) {
    if (request.step().action() == ActionType.ROLLBACK_DEPLOYMENT) {
      return rollbacks.rollBack(request);
    }
    return actions.perform(request);
  }

  @Override
  public boolean conditionHolds(Verification verification) {
    try {
      List<Double> samples = prometheus.query(verification.prometheusQuery());
      return !samples.isEmpty() && ThresholdCondition.parse(verification.condition()).holdsFor(samples);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("Prometheus: " + e.getMessage(), "PrometheusUnavailable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("Interrupted while asking Prometheus", "Interrupted");
    }
  }
}
