package dev.pitcrew.api.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import dev.pitcrew.workflows.selfcheck.SelfCheckResult;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A cold burst of self-checks started over REST in local mode: how long until all complete, and how many
 * workflow tasks the SDK failed as potential deadlocks on the way (CPU starvation turned into task timeouts).
 * Issue 17's driver for worker tuning; {@code bench}'s benchmarks module measures the ratio against a bare SDK.
 *
 * <p>Not part of the default suite. Run with the defaults ("after"):
 * {@code ./mvnw -pl api -am test -Dgroups=benchmark -Dpitcrew.excludedTestGroups= -Dtest=SelfCheckBurstBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; with the SDK's own settings ("before") add
 * {@code -Dpitcrew.temporal.worker.virtual-threads=false -Dpitcrew.temporal.worker.deadlock-detection-timeout=1s
 * -Dpitcrew.temporal.worker.max-concurrent-workflow-tasks=200 -Dpitcrew.temporal.worker.workflow-task-pollers=2
 * -Dpitcrew.temporal.worker.activity-task-pollers=5 -Dpitcrew.benchmark.label=before}. Burst size:
 * {@code -Dpitcrew.benchmark.runs=500}, callers {@code -Dpitcrew.benchmark.callers=16}. Appends a line to {@code api/target/benchmarks/selfcheck-burst.txt}.
 */
@Tag("benchmark")
class SelfCheckBurstBenchmark extends SharedServerTest {
  private static final int RUNS = Integer.getInteger("pitcrew.benchmark.runs", 500);
  private static final String LABEL = System.getProperty("pitcrew.benchmark.label", "after");
  /** Starts in flight at once: a burst from a few busy clients, not 500 connections (intake back-pressure is its own issue). */
  private static final int CALLERS = Integer.getInteger("pitcrew.benchmark.callers", 16);

  @Autowired WorkflowClient client;

  /** Counts log events whose exception chain holds a PotentialDeadlockException. */
  static final class DeadlockCounter extends AppenderBase<ILoggingEvent> {
    final AtomicInteger deadlocks = new AtomicInteger();

    @Override
    protected void append(ILoggingEvent event) {
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        if (t.getClassName().endsWith("PotentialDeadlockException")) {
          deadlocks.incrementAndGet();
          return;
        }
      }
    }
  }

  /** A client that honours 503 + Retry-After, as the API asks (its pool of connections is the limit here). */
  private static String startHonouringBackPressure(HttpApi http, AtomicInteger refused) {
    for (int attempt = 1; ; attempt++) {
      HttpApi.Response response =
          http.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"burst\",\"holdSeconds\":1}}");
      if (response.status() == 503 && attempt < 20) {
        refused.incrementAndGet();
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        continue;
      }
      assertThat(response.status()).as(response.text()).isEqualTo(201);
      return response.body().get("workflowId").asString();
    }
  }

  @Test
  void aColdBurstOfSelfChecksCompletes() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    DeadlockCounter counter = new DeadlockCounter();
    counter.start();
    root.addAppender(counter);
    HttpApi http = api;
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    AtomicInteger refused = new AtomicInteger();
    long started = System.nanoTime();
    try {
      List<CompletableFuture<String>> starts = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        starts.add(CompletableFuture.supplyAsync(() -> startHonouringBackPressure(http, refused), callers));
      }
      List<CompletableFuture<SelfCheckResult>> results = new ArrayList<>();
      for (CompletableFuture<String> start : starts) {
        results.add(client.newUntypedWorkflowStub(start.get(2, TimeUnit.MINUTES)).getResultAsync(SelfCheckResult.class));
      }
      long allStarted = System.nanoTime();
      CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      long allDone = System.nanoTime();

      double seconds = (allDone - started) / 1e9;
      String line = String.format(Locale.ROOT,
          "%s: %d self-checks (1 s hold) over REST from %d callers, cores=%d: all started in %.1f s, all completed "
              + "in %.1f s (%.1f runs/s), 503s retried: %d, PotentialDeadlockException log events: %d",
          LABEL, RUNS, CALLERS, Runtime.getRuntime().availableProcessors(), (allStarted - started) / 1e9, seconds,
          RUNS / seconds, refused.get(), counter.deadlocks.get());
      System.out.println(line);
      Path out = Path.of("target/benchmarks/selfcheck-burst.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } finally {
      root.detachAppender(counter);
      callers.shutdownNow();
    }
  }
}
