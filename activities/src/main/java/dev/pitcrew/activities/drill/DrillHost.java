package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.TaskQueues;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.stereotype.Component;

/**
 * This worker host's own task queue for the pgBackRest drill steps that must run beside the scratch server a restore
 * started here (its data directory is local: an emptyDir or a host path). The host name is the pod's name on
 * Kubernetes, so every replica has a queue of its own.
 */
@Component
public class DrillHost {
  private final String taskQueue;

  public DrillHost() {
    this(localHostName());
  }

  DrillHost(String host) {
    this.taskQueue = TaskQueues.drillHost(host);
  }

  public String taskQueue() {
    return taskQueue;
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String fromEnvironment = System.getenv("HOSTNAME");
      if (fromEnvironment == null || fromEnvironment.isBlank()) {
        throw new IllegalStateException("This worker's host name cannot be read; pgBackRest drills need it", e);
      }
      return fromEnvironment;
    }
  }
}
