package dev.pitcrew.activities.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Deployment controller in the sandbox: a changed Deployment (new generation or replica count) becomes
 * fully available {@code rolloutDelay} after the change was first seen, with the status fields and conditions a
 * real controller sets.
 *
 * <p>It sees the Deployments through an informer (one list, then a watch), as a real controller does, and looks
 * at that in-memory copy every tick: an idle sandbox costs no request to the mock API server. (Listing them over
 * HTTP ten times a second cost an idle local-mode server several percent of a core.)
 */
final class SandboxRolloutController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxRolloutController.class);
  private static final long TICK_MILLIS = 100;

  private final KubernetesClient client;
  private final Duration rolloutDelay;
  private final Map<String, Long> firstSeenMillis = new ConcurrentHashMap<>();
  /**
   * By Deployment UID, the resource version a rollout was written over: while the informer's copy (which may lag
   * the write) still shows that version, the rollout is not written again.
   */
  private final Map<String, String> writtenOver = new ConcurrentHashMap<>();
  private SharedIndexInformer<Deployment> deployments;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "pitcrew-sandbox-rollout-controller");
            thread.setDaemon(true);
            return thread;
          });

  SandboxRolloutController(KubernetesClient client, Duration rolloutDelay) {
    this.client = client;
    this.rolloutDelay = rolloutDelay;
  }

  void start() {
    deployments = client.apps().deployments().inAnyNamespace().runnableInformer(0);
    // Not waited for, and retried whatever fails: a mock API server slow to answer on a busy machine must not fail
    // the start (a tick over a copy not yet filled does nothing).
    deployments.exceptionHandler((started, failure) -> true).start();
    ticker.scheduleWithFixedDelay(this::reconcileSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void reconcileSafely() {
    try {
      deployments.getStore().list().forEach(this::reconcile);
    } catch (RuntimeException e) {
      // Keep ticking: a failed round (e.g. during shutdown) must not stop the controller for good.
      log.debug("Sandbox rollout round failed", e);
    }
  }

  private void reconcile(Deployment deployment) {
    long generation = deployment.getMetadata().getGeneration() == null ? 1 : deployment.getMetadata().getGeneration();
    int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    String key = deployment.getMetadata().getUid() + "/" + generation + "/" + replicas;
    String uid = deployment.getMetadata().getUid();
    String version = deployment.getMetadata().getResourceVersion();
    if (version != null && version.equals(writtenOver.get(uid))) {
      return;
    }
    writtenOver.remove(uid);
    if (isRolledOut(deployment, generation, replicas)) {
      firstSeenMillis.remove(key);
      return;
    }
    long now = System.currentTimeMillis();
    long firstSeen = firstSeenMillis.computeIfAbsent(key, k -> now);
    if (now - firstSeen < rolloutDelay.toMillis()) {
      return;
    }
    // A copy: the informer's cache is never written to, only the API server.
    Deployment rolledOut = new DeploymentBuilder(deployment).build();
    rolledOut.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(generation)
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .addToConditions(
                new DeploymentConditionBuilder()
                    .withType("Available").withStatus("True").withReason("MinimumReplicasAvailable").build(),
                new DeploymentConditionBuilder()
                    .withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable").build())
            .build());
    client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).resource(rolledOut)
        .updateStatus();
    writtenOver.put(uid, String.valueOf(version));
    firstSeenMillis.remove(key);
    log.info("[SANDBOX] Simulated rollout of {}/{}: generation {}, {} replicas available",
        deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(), generation, replicas);
  }

  private static boolean isRolledOut(Deployment deployment, long generation, int replicas) {
    var status = deployment.getStatus();
    return status != null
        && status.getObservedGeneration() != null
        && status.getObservedGeneration() >= generation
        && Integer.valueOf(replicas).equals(status.getAvailableReplicas())
        && Integer.valueOf(replicas).equals(status.getUpdatedReplicas())
        && Integer.valueOf(replicas).equals(status.getReplicas());
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (deployments != null) {
      deployments.close();
    }
  }
}
