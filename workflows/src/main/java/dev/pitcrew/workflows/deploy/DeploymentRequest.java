package dev.pitcrew.workflows.deploy;

import dev.pitcrew.workflows.chatops.ChatOpsContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Deploy a new version of one service to one environment. The environment is the Kubernetes namespace.
 *
 * @param image the new container image; null keeps the serving version's image (a pod-template-only change)
 * @param podTemplateChanges optional environment variables and annotations to change
 * @param replicas replicas of the new version once promoted
 * @param requestedBy who asked for the deployment; used by the self-approval rule and the audit trail
 * @param strategy null for all defaults
 * @param containerPort the port the service's container listens on; only used when Pitcrew creates the Services
 *     (the first deployment); default 8080
 * @param chat set when the deployment was asked for in Slack (or its service has a Slack channel): the deployment
 *     keeps one message there up to date, with Approve/Reject buttons while it awaits a decision; null otherwise
 */
public record DeploymentRequest(
    String service,
    String environment,
    String image,
    PodTemplateChanges podTemplateChanges,
    int replicas,
    String requestedBy,
    BlueGreenStrategy strategy,
    Integer containerPort,
    ChatOpsContext chat) {

  // Names become Kubernetes object names: "<service>-preview" must stay a valid 63-character DNS label.
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,53}[a-z0-9])?");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public DeploymentRequest {
    podTemplateChanges = podTemplateChanges == null ? PodTemplateChanges.NONE : podTemplateChanges;
    strategy = strategy == null ? BlueGreenStrategy.DEFAULTS : strategy;
    containerPort = containerPort == null ? 8080 : containerPort;
  }

  /** A deployment without a Slack message (and the shape of requests recorded before ChatOps existed). */
  public DeploymentRequest(
      String service,
      String environment,
      String image,
      PodTemplateChanges podTemplateChanges,
      int replicas,
      String requestedBy,
      BlueGreenStrategy strategy,
      Integer containerPort) {
    this(service, environment, image, podTemplateChanges, replicas, requestedBy, strategy, containerPort, null);
  }

  /**
   * Production environments wait for approval by default and forbid self-approval: an environment named
   * {@code prod} or {@code production}, or starting with {@code prod-} or {@code production-}.
   */
  public boolean targetsProduction() {
    return environment != null
        && (environment.equals("prod")
            || environment.equals("production")
            || environment.startsWith("prod-")
            || environment.startsWith("production-"));
  }

  /** Everything wrong with the request, empty when it can be started; the API can answer 400 with these. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (service == null || !SERVICE_NAME.matcher(service).matches()) {
      problems.add("service must be a DNS-1035 label of at most 55 characters");
    }
    if (environment == null || !NAMESPACE.matcher(environment).matches()) {
      problems.add("environment must be a Kubernetes namespace name");
    }
    if (image != null && image.isBlank()) {
      problems.add("image must not be blank");
    }
    if (replicas < 1) {
      problems.add("replicas must be at least 1");
    }
    if (requestedBy == null || requestedBy.isBlank()) {
      problems.add("requestedBy is required");
    }
    if (containerPort < 1 || containerPort > 65535) {
      problems.add("containerPort must be a TCP port");
    }
    problems.addAll(strategy.problems(replicas));
    return problems;
  }
}
