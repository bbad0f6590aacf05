package dev.pitcrew.workers.temporal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Pitcrew reaches Temporal. Environment variables bind by Spring's relaxed rules, e.g.
 * {@code PITCREW_TEMPORAL_TARGET} sets {@code target}.
 *
 * @param target host:port of a Temporal frontend; when set, Pitcrew runs in cluster mode and starts no engine
 * @param namespace the Temporal namespace runs live in
 * @param cli local mode only: path of a {@code temporal} CLI to run the dev server with (else looked up on PATH)
 * @param tls client certificate for mTLS (Temporal Cloud or a secured cluster); all paths or none
 * @param apiKey API key sent as a bearer token (Temporal Cloud); never logged
 * @param rpcTimeout deadline for single calls the API makes to Temporal (start, signal, describe)
 * @param rpcRetryWindow how long a client call keeps retrying a Temporal that does not answer before giving up
 * @param searchAttributes whether to register and set Pitcrew's search attributes: AUTO tries and falls back
 */
@Validated
@ConfigurationProperties("pitcrew.temporal")
public record TemporalProperties(
    String target,
    @NotBlank @DefaultValue("default") String namespace,
    Path cli,
    @Valid Tls tls,
    String apiKey,
    @DefaultValue("10s") Duration rpcTimeout,
    @DefaultValue("10s") Duration rpcRetryWindow,
    @DefaultValue("AUTO") SearchAttributeMode searchAttributes,
    @Valid @DefaultValue Worker worker) {

  public boolean clusterMode() {
    return target != null && !target.isBlank();
  }

  /** @param certChain PEM client certificate chain; @param privateKey PEM PKCS#8 key; @param trustedCa optional CA */
  public record Tls(Path certChain, Path privateKey, Path trustedCa) {}

  /**
   * @param enabled run workers in this process (the API server in cluster mode may leave them to worker pods)
   * @param maxCachedWorkflows sticky cache size: bounds memory when many long-lived runs wait on timers
   * @param maxConcurrentActivities activity slots per worker
   * @param startRetryWindow how long starting the workers retries a Temporal that answers UNAVAILABLE or
   *     DEADLINE_EXCEEDED before start-up fails
   * @param maxConcurrentWorkflowTasks workflow-task slots; 0 sizes them to the cores ({@link #workflowTaskSlots()})
   * @param maxConcurrentLocalActivities local-activity slots (runs-index and record writes run there)
   * @param workflowTaskPollers concurrent workflow-task polls; 0 sizes them to the cores
   * @param activityTaskPollers concurrent activity-task polls; 0 sizes them to the cores
   * @param virtualThreads run activity, local-activity and workflow-task executors on virtual threads
   * @param deadlockDetectionTimeout how long a workflow thread may hold the CPU (or wait for one) before the SDK
   *     calls it a deadlock and fails the task; on a starved machine a cold burst would otherwise fail tasks that
   *     only waited for a core
   * @param stickyExecution whether a run's next workflow task goes to the worker that has it cached: AUTO turns it
   *     off against a Java test server run as its own process, which never hands a dead worker's sticky tasks to
   *     another worker (see {@code StickyExecution})
   */
  public record Worker(
      @DefaultValue("true") boolean enabled,
      @Min(1) @DefaultValue("2000") int maxCachedWorkflows,
      @Min(1) @DefaultValue("100") int maxConcurrentActivities,
      @NotNull @DefaultValue("60s") Duration startRetryWindow,
      @Min(0) @DefaultValue("0") int maxConcurrentWorkflowTasks,
      @Min(1) @DefaultValue("100") int maxConcurrentLocalActivities,
      @Min(0) @DefaultValue("0") int workflowTaskPollers,
      @Min(0) @DefaultValue("0") int activityTaskPollers,
      @DefaultValue("true") boolean virtualThreads,
      @NotNull @DefaultValue("5s") Duration deadlockDetectionTimeout,
      @NotNull @DefaultValue("AUTO") StickyMode stickyExecution) {

    /**
     * A workflow task holds its slot while its local activities (index and record writes) wait for PostgreSQL, so
     * slots are I/O-bound, not CPU-bound: 50 per core (the SDK's 200 on a 4-core worker).
     */
    public int workflowTaskSlots() {
      return maxConcurrentWorkflowTasks > 0 ? maxConcurrentWorkflowTasks : Math.max(50, 50 * cores());
    }

    /** One poll per core, at least two, so a slow long poll never leaves the worker idle. */
    public int workflowPollers() {
      return workflowTaskPollers > 0 ? workflowTaskPollers : Math.max(2, cores());
    }

    public int activityPollers() {
      return activityTaskPollers > 0 ? activityTaskPollers : Math.max(2, cores());
    }

    private static int cores() {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  public enum StickyMode {
    AUTO,
    ON,
    OFF
  }

  public enum SearchAttributeMode {
    AUTO,
    ON,
    OFF
  }

  @Override
  public String toString() {
    // Keeps the API key out of any log line that prints the configuration.
    return "TemporalProperties[target=" + target + ", namespace=" + namespace + ", tls=" + (tls != null)
        + ", apiKey=" + (apiKey == null ? "unset" : "****") + "]";
  }
}
