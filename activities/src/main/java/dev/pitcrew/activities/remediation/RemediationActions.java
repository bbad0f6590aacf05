package dev.pitcrew.activities.remediation;

import dev.pitcrew.activities.kubernetes.KubernetesTarget;
import dev.pitcrew.workflows.remediation.ActionReport;
import dev.pitcrew.workflows.remediation.ActionRequest;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import dev.pitcrew.workflows.remediation.RunbookStep;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The typed actions. Each marks what it changed with the step's action key ({@value #ACTION_ANNOTATION}), so a
 * retry after a crash (the activity ran, the worker died before reporting) finds its own change and does not
 * repeat it: a restart is not restarted again, a scale not applied twice, a Job not created twice.
 */
@Component
public class RemediationActions {
  private static final Logger log = LoggerFactory.getLogger(RemediationActions.class);
  static final String ACTION_ANNOTATION = "pitcrew.dev/remediation-action";
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  private final KubernetesClient kubernetes;
  private final KubernetesTarget cluster;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public RemediationActions(KubernetesClient kubernetes, KubernetesTarget cluster) {
    this.kubernetes = kubernetes;
    this.cluster = cluster;
  }

  public ActionReport perform(ActionRequest request) {
    RunbookStep step = request.step();
    RemediationTarget target = request.target();
    return switch (step.action()) {
      case ROLLOUT_RESTART -> restart(request.actionKey(), target);
      case DELETE_POD -> deletePod(request.actionKey(), target);
      case SCALE -> scale(request.actionKey(), target, step);
      case CORDON_NODE -> cordon(target);
      case RUN_JOB -> runJob(request.actionKey(), target, step);
      case HTTP_CALL -> call(request.actionKey(), step);
      case WAIT -> new ActionReport("waited", false);
      // Not a Kubernetes write: the deployment family does it (see DeploymentRollbacks).
      case ROLLBACK_DEPLOYMENT -> throw new IllegalArgumentException("a rollback goes through DeploymentRollbacks");
    };
  }

  /** The service's Deployments: the one named after it, or those carrying its app label and serving replicas. */
  private List<Deployment> deploymentsOf(RemediationTarget target) {
    Deployment named = kubernetes.apps().deployments().inNamespace(target.namespace()).withName(target.service()).get();
    if (named != null) {
      return List.of(named);
    }
    List<Deployment> labelled = kubernetes.apps().deployments().inNamespace(target.namespace())
        .withLabel(ServicePods.APP_LABEL, target.service()).list().getItems().stream()
        .filter(d -> d.getSpec() != null && d.getSpec().getReplicas() != null && d.getSpec().getReplicas() > 0)
        .toList();
    if (labelled.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("No Deployment of " + target.service() + " in namespace "
          + target.namespace() + " (" + cluster.mode() + ")", "TargetNotFound");
    }
    return labelled;
  }

  private ActionReport restart(String actionKey, RemediationTarget target) {
    int restarted = 0;
    int already = 0;
    for (Deployment deployment : deploymentsOf(target)) {
      Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata() == null
          ? null : deployment.getSpec().getTemplate().getMetadata().getAnnotations();
      if (annotations != null && actionKey.equals(annotations.get(ACTION_ANNOTATION))) {
        already++;
        continue;
      }
      String now = Instant.now().toString();
      kubernetes.apps().deployments().inNamespace(target.namespace()).withName(deployment.getMetadata().getName())
          .edit(d -> {
            Map<String, String> template = new HashMap<>(
                d.getSpec().getTemplate().getMetadata().getAnnotations() == null
                    ? Map.of() : d.getSpec().getTemplate().getMetadata().getAnnotations());
            template.put(RESTARTED_AT, now);
            template.put(ACTION_ANNOTATION, actionKey);
            d.getSpec().getTemplate().getMetadata().setAnnotations(template);
            return d;
          });
      log.info("[{}] Rollout restart of {}/{} ({})", cluster.mode(), target.namespace(),
          deployment.getMetadata().getName(), actionKey);
      restarted++;
    }
    return new ActionReport("rollout restart of " + (restarted + already) + " Deployment(s) of " + target.service()
        + " in " + target.namespace() + " (" + cluster.mode() + ")", restarted == 0);
  }

  private ActionReport deletePod(String actionKey, RemediationTarget target) {
    if (target.pod() == null) {
      throw ApplicationFailure.newNonRetryableFailure("The runbook's target names no pod", "TargetNotFound");
    }
    Pod pod = kubernetes.pods().inNamespace(target.namespace()).withName(target.pod()).get();
    if (pod == null) {
      return new ActionReport("pod " + target.namespace() + "/" + target.pod() + " is gone", true);
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations != null && actionKey.equals(annotations.get(ACTION_ANNOTATION))
        && pod.getMetadata().getDeletionTimestamp() != null) {
      return new ActionReport("pod " + target.pod() + " is already being deleted by this remediation", true);
    }
    kubernetes.pods().inNamespace(target.namespace()).withName(target.pod()).delete();
    log.info("[{}] Deleted pod {}/{} ({})", cluster.mode(), target.namespace(), target.pod(), actionKey);
    return new ActionReport("deleted pod " + target.namespace() + "/" + target.pod() + " (" + cluster.mode() + ")",
        false);
  }

  private ActionReport scale(String actionKey, RemediationTarget target, RunbookStep step) {
    int min = Integer.parseInt(step.params().getOrDefault("min", "1"));
    int max = Integer.parseInt(step.params().getOrDefault("max", "100"));
    StringBuilder summary = new StringBuilder();
    boolean repeated = true;
    for (Deployment deployment : deploymentsOf(target)) {
      Map<String, String> annotations = deployment.getMetadata().getAnnotations();
      int current = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
      if (annotations != null && actionKey.equals(annotations.get(ACTION_ANNOTATION))) {
        summary.append(deployment.getMetadata().getName()).append(" already at ").append(current).append("; ");
        continue;
      }
      int wanted = step.param("replicas") != null
          ? Integer.parseInt(step.param("replicas"))
          : current + Integer.parseInt(step.params().getOrDefault("by", "1"));
      int bounded = Math.max(min, Math.min(max, wanted));
      kubernetes.apps().deployments().inNamespace(target.namespace()).withName(deployment.getMetadata().getName())
          .edit(d -> {
            d.getSpec().setReplicas(bounded);
            Map<String, String> marked = new HashMap<>(
                d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations());
            marked.put(ACTION_ANNOTATION, actionKey);
            d.getMetadata().setAnnotations(marked);
            return d;
          });
      repeated = false;
      summary.append(deployment.getMetadata().getName()).append(" scaled ").append(current).append(" → ")
          .append(bounded).append(bounded != wanted ? " (asked " + wanted + ", bounds " + min + ".." + max + ")" : "")
          .append("; ");
    }
    return new ActionReport(summary.toString().replaceAll("; $", "") + " (" + cluster.mode() + ")", repeated);
  }

  private ActionReport cordon(RemediationTarget target) {
    if (target.node() == null) {
      throw ApplicationFailure.newNonRetryableFailure("The runbook's target names no node", "TargetNotFound");
    }
    Node node = kubernetes.nodes().withName(target.node()).get();
    if (node == null) {
      throw ApplicationFailure.newNonRetryableFailure("Node " + target.node() + " not found", "TargetNotFound");
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return new ActionReport("node " + target.node() + " is already cordoned", true);
    }
    kubernetes.nodes().withName(target.node()).edit(n -> {
      n.getSpec().setUnschedulable(true);
      return n;
    });
    return new ActionReport("cordoned node " + target.node() + " (" + cluster.mode() + ")", false);
  }

  private ActionReport runJob(String actionKey, RemediationTarget target, RunbookStep step) {
    String template = step.param("template");
    if (template == null) {
      throw ApplicationFailure.newNonRetryableFailure("RUN_JOB needs a template", "BadRunbook");
    }
    Job job = Serialization.unmarshal(template, Job.class);
    // The name is a function of the action key: a retry finds the Job it created instead of creating another.
    String name = (job.getMetadata() == null || job.getMetadata().getName() == null ? "remediation"
        : job.getMetadata().getName()) + "-" + shortHash(actionKey);
    job.getMetadata().setName(name);
    job.getMetadata().setNamespace(target.namespace());
    Map<String, String> annotations = new HashMap<>(
        job.getMetadata().getAnnotations() == null ? Map.of() : job.getMetadata().getAnnotations());
    annotations.put(ACTION_ANNOTATION, actionKey);
    job.getMetadata().setAnnotations(annotations);
    var jobs = kubernetes.batch().v1().jobs().inNamespace(target.namespace());
    boolean existed = jobs.withName(name).get() != null;
    if (!existed) {
      jobs.resource(job).create();
    }
    long timeoutSeconds = Long.parseLong(step.params().getOrDefault("timeoutSeconds", "600"));
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000;
    while (System.currentTimeMillis() < deadline) {
      Job current = jobs.withName(name).get();
      if (current != null && current.getStatus() != null && current.getStatus().getConditions() != null) {
        for (JobCondition condition : current.getStatus().getConditions()) {
          if ("True".equals(condition.getStatus()) && "Complete".equals(condition.getType())) {
            return new ActionReport("Job " + name + " completed (" + cluster.mode() + ")", existed);
          }
          if ("True".equals(condition.getStatus()) && "Failed".equals(condition.getType())) {
            throw ApplicationFailure.newNonRetryableFailure("Job " + name + " failed: " + condition.getMessage(),
                "JobFailed");
          }
        }
      }
      Activity.getExecutionContext().heartbeat(name);
      sleep(Duration.ofSeconds(2));
    }
    throw ApplicationFailure.newNonRetryableFailure("Job " + name + " did not finish within " + timeoutSeconds + "s",
        "JobTimedOut");
  }

  private ActionReport call(String actionKey, RunbookStep step) {
    String url = step.param("url");
    String method = step.params().getOrDefault("method", "POST");
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        // Receivers that honour it make a retried call harmless.
        .header("Idempotency-Key", actionKey)
        .method(method, HttpRequest.BodyPublishers.ofString(step.params().getOrDefault("body", "")))
        .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw ApplicationFailure.newFailure(method + " " + url + " answered " + response.statusCode(), "HttpCallFailed");
      }
      return new ActionReport(method + " " + url + " → " + response.statusCode(), false);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(method + " " + url + ": " + e.getMessage(), "HttpCallFailed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("Interrupted", "Interrupted");
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("Interrupted", "Interrupted");
    }
  }

  private static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
