package dev.pitcrew.api.slack.commands;

import dev.pitcrew.api.runs.RunIndexQueries;
import dev.pitcrew.api.runs.RunSummary;
import org.springframework.stereotype.Component;

/**
 * The environment a deployment acts on, so approving or aborting it needs a role for that environment. The
 * workflow ID {@code deploy-<service>@<environment>} says it even before the run's first index record is written.
 */
@Component
class DeploymentTargets {
  private final RunIndexQueries index;

  DeploymentTargets(RunIndexQueries index) {
    this.index = index;
  }

  /** Null when the ID names no deployment Pitcrew knows; the command then answers "unknown run". */
  String environmentOf(String workflowId) {
    int at = workflowId.lastIndexOf('@');
    if (workflowId.startsWith("deploy-") && at > 0 && at < workflowId.length() - 1) {
      return workflowId.substring(at + 1);
    }
    return index.find(workflowId).map(RunSummary::environment).orElse(null);
  }
}
