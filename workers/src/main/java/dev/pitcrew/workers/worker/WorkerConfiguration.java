package dev.pitcrew.workers.worker;

import dev.pitcrew.workers.temporal.TemporalEndpoint;
import dev.pitcrew.workers.temporal.TemporalProperties;
import dev.pitcrew.activities.drill.DrillHost;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.drill.PgBackRestDrillActivities;
import dev.pitcrew.workflows.incident.PagingActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Polls Pitcrew's task queue with every workflow in {@link WorkflowCatalog} and every activity bean. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pitcrew.temporal.worker.enabled", havingValue = "true", matchIfMissing = true)
public class WorkerConfiguration {
  private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

  @Bean
  WorkerFactory workerFactory(
      WorkflowClient client, TemporalProperties properties, ObjectProvider<WorkerInterceptor> interceptors) {
    // Virtual workflow threads let one worker hold thousands of cached runs waiting on timers.
    return WorkerFactory.newInstance(
        client,
        WorkerFactoryOptions.newBuilder()
            .setUsingVirtualWorkflowThreads(true)
            .setWorkflowCacheSize(properties.worker().maxCachedWorkflows())
            // Tracing (when on) around every workflow task and activity attempt.
            .setWorkerInterceptors(interceptors.orderedStream().toArray(WorkerInterceptor[]::new))
            .build());
  }

  /**
   * Sized to the cores and made to hold under starvation (issue 17): executors on virtual threads, so a burst of
   * local activities or slow calls never waits for a platform thread; workflow-task slots and pollers from the
   * core count; and a deadlock detector that tells a stuck workflow thread from one that waited for a core.
   */
  static WorkerOptions workerOptions(TemporalProperties.Worker tuning, boolean sticky) {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (!sticky) {
      // Zero: completed workflow tasks carry no sticky attributes, so the engine queues every task on the shared
      // task queue with the whole history (see StickyExecution).
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    return options
        .setMaxConcurrentActivityExecutionSize(tuning.maxConcurrentActivities())
        .setMaxConcurrentWorkflowTaskExecutionSize(tuning.workflowTaskSlots())
        .setMaxConcurrentLocalActivityExecutionSize(tuning.maxConcurrentLocalActivities())
        .setMaxConcurrentWorkflowTaskPollers(tuning.workflowPollers())
        .setMaxConcurrentActivityTaskPollers(tuning.activityPollers())
        .setUsingVirtualThreads(tuning.virtualThreads())
        .setDefaultDeadlockDetectionTimeout(tuning.deadlockDetectionTimeout().toMillis())
        .build();
  }

  /**
   * The paging queue's worker runs activities only: a page is one HTTP call to PagerDuty, so its slots are I/O-bound
   * (virtual threads), and it polls with as many pollers as the main queue so a storm's pages are picked up at once.
   */
  static WorkerOptions pagingWorkerOptions(TemporalProperties.Worker tuning) {
    return WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(tuning.maxConcurrentActivities())
        .setMaxConcurrentActivityTaskPollers(tuning.activityPollers())
        .setUsingVirtualThreads(tuning.virtualThreads())
        .build();
  }

  @Bean
  SmartLifecycle workerLifecycle(WorkerFactory factory, TemporalProperties properties, ApplicationContext context,
      TemporalEndpoint endpoint, WorkflowServiceStubs stubs) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        WorkerStartRetry retry = new WorkerStartRetry(properties.worker().startRetryWindow(), Duration.ofMillis(500));
        boolean[] sticky = new boolean[1];
        retry.run(() -> sticky[0] = StickyExecution.enabled(
            properties.worker().stickyExecution(), endpoint, stubs, properties.rpcTimeout()));
        Worker worker = factory.newWorker(TaskQueues.OPERATIONS, workerOptions(properties.worker(), sticky[0]));
        worker.registerWorkflowImplementationTypes(WorkflowCatalog.IMPLEMENTATIONS.toArray(Class<?>[]::new));
        List<Object> activities = ActivityBeans.in(context);
        worker.registerActivitiesImplementations(activities.toArray());
        // PagerDuty calls on a queue and slots of their own (incidents started with this code send them there;
        // older runs still find them on the operations queue above).
        Object[] pagers = activities.stream().filter(PagingActivities.class::isInstance).toArray();
        if (pagers.length > 0) {
          factory.newWorker(TaskQueues.PAGING, pagingWorkerOptions(properties.worker()))
              .registerActivitiesImplementations(pagers);
        }
        // pgBackRest drills verify and clean up where they restored: the scratch server and its data directory are
        // this host's alone, so each worker also polls a queue of its own host for those steps.
        Object[] drillsOnHost = activities.stream().filter(PgBackRestDrillActivities.class::isInstance).toArray();
        if (drillsOnHost.length > 0) {
          factory.newWorker(context.getBean(DrillHost.class).taskQueue(), pagingWorkerOptions(properties.worker()))
              .registerActivitiesImplementations(drillsOnHost);
        }
        retry.run(factory::start);
        running = true;
        TemporalProperties.Worker tuning = properties.worker();
        log.info(
            "Worker polling task queue {} (and {} for pages) with {} workflow types and {} activity implementations "
                + "({} workflow-task slots, {}+{} pollers, virtual threads {}, deadlock detection {}, sticky execution {})",
            TaskQueues.OPERATIONS, TaskQueues.PAGING, WorkflowCatalog.IMPLEMENTATIONS.size(), activities.size(),
            tuning.workflowTaskSlots(), tuning.workflowPollers(), tuning.activityPollers(), tuning.virtualThreads(),
            tuning.deadlockDetectionTimeout(), sticky[0] ? "on" : "off");
      }

      @Override
      public void stop() {
        // Lets in-flight activity attempts finish; Temporal retries anything cut short on another worker.
        factory.shutdown();
        factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      /** A Temporal WorkerFactory runs once: this lifecycle stops for good, never to be paused and resumed. */
      @Override
      public boolean isPauseable() {
        return false;
      }
    };
  }
}
