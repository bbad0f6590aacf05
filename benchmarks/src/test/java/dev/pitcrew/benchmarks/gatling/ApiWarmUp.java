package dev.pitcrew.benchmarks.gatling;

import dev.pitcrew.benchmarks.Machine;
import dev.pitcrew.benchmarks.Percentiles;
import dev.pitcrew.benchmarks.PitcrewApi;
import dev.pitcrew.benchmarks.PitcrewServer;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The warm-up before the measured scenario ({@code -Dpitcrew.bench.gatlingWarmUp=N} requests, 0 for none): the
 * scenario's reads and steer in its proportions at a moderate rate, then a wait until the server is quiet, as the
 * alert storm warms its fresh server first. Without it the scenario's first minute (the whole steady stream) is the
 * JVM's first minute of requests, compiled while it is measured. Sent by the harness's own client, before Gatling
 * starts, so none of it is in Gatling's figures; its own figures (the cold server's) are reported on their own.
 */
final class ApiWarmUp {
  /** Requests a second: about a quarter of the scenario's peak (~370 req/s), so a cold server keeps up. */
  private static final int RATE = 100;
  /** At most this many requests at once: a server slower than the rate is met by a closed loop, not a queue. */
  private static final int CALLERS = 8;

  /** The scenario's requests, weighted as it sends them (operators' five steps and the steady stream's mix). */
  private enum Step {
    LIST_RUNS("list runs", 21),
    RUN_DETAIL("run detail", 21),
    LIST_INCIDENTS("list incidents", 3),
    INCIDENT_DETAIL("incident detail", 20),
    TICKET_DETAIL("ticket detail", 19),
    NOTE("steer: incident note", 16);

    private static final int TOTAL_WEIGHT = 100;
    final String label;
    final int weight;

    Step(String label, int weight) {
      this.label = label;
      this.weight = weight;
    }

    static Step pick() {
      int at = ThreadLocalRandom.current().nextInt(TOTAL_WEIGHT);
      for (Step step : values()) {
        at -= step.weight;
        if (at < 0) {
          return step;
        }
      }
      return NOTE;
    }

    HttpResponse<String> send(PitcrewApi api, Map<String, Object> picked) {
      return switch (this) {
        case LIST_RUNS -> api.get("/api/v1/runs?size=20");
        case RUN_DETAIL -> api.get("/api/v1/runs/" + picked.get("runId"));
        case LIST_INCIDENTS -> api.get("/api/v1/incidents");
        case INCIDENT_DETAIL -> api.get("/api/v1/incidents/" + picked.get("incidentId"));
        case TICKET_DETAIL -> api.get("/api/v1/tickets/" + picked.get("ticketKey"));
        case NOTE -> api.post("/api/v1/incidents/" + picked.get("incidentId") + "/notes",
            "{\"text\":\"warm-up note " + picked.get("noteNumber") + "\"}");
      };
    }
  }

  private ApiWarmUp() {}

  /**
   * Sends the warm-up and waits for the server to be quiet (when it is this harness's own).
   *
   * @param server the server, for its CPU; null when it is not this harness's (the smoke run's)
   * @return the lines that report it, each starting {@code [warm-up]}
   */
  static List<String> run(PitcrewApi api, ApiLoadSimulation.Seed seed, int requests, PitcrewServer server)
      throws InterruptedException {
    if (requests <= 0) {
      return List.of("[warm-up] none (-Dpitcrew.bench.gatlingWarmUp=0): the scenario meets a cold server");
    }
    Map<Step, ConcurrentLinkedQueue<Double>> latencies = new ConcurrentHashMap<>();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    long cpuBefore = server != null ? server.cpuMillis() : 0;
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / RATE;
    long start = System.nanoTime();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < CALLERS; c++) {
        callers.execute(() -> {
          for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
            long wait = start + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
              sleepNanos(wait);
            }
            Step step = Step.pick();
            long sent = System.nanoTime();
            try {
              if (step.send(api, seed.pick()).statusCode() / 100 != 2) {
                failed.incrementAndGet();
              }
            } catch (UncheckedIOException e) {
              failed.incrementAndGet();
            }
            latencies.computeIfAbsent(step, s -> new ConcurrentLinkedQueue<>()).add((System.nanoTime() - sent) / 1e6);
          }
        });
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Double> all = new ArrayList<>();
    latencies.values().forEach(all::addAll);
    Percentiles overall = new Percentiles(all);
    String byEndpoint = latencies.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> "%s %.0f".formatted(e.getKey().label, new Percentiles(e.getValue()).at(95)))
        .collect(Collectors.joining(", "));
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "[warm-up] %d requests in the scenario's mix (%d callers, at most %d/s) in"
            + " %.0f s, %d failed; p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; p95 by request (ms): %s; load %s",
        requests, CALLERS, RATE, seconds, failed.get(), overall.at(50), overall.at(95), overall.at(99), byEndpoint,
        Machine.loadAverage()));
    if (server != null) {
      long cpuSent = server.cpuMillis() - cpuBefore;
      long quietStart = System.nanoTime();
      long cpuQuiet = server.awaitQuiet(Duration.ofMinutes(4)) - cpuBefore;
      lines.add(String.format(Locale.ROOT, "[warm-up] server %.2f ms CPU/request while sent, %.2f until quiet"
              + " (%.0f s after the last request); load %s", (double) cpuSent / requests, (double) cpuQuiet / requests,
          (System.nanoTime() - quietStart) / 1e9, Machine.loadAverage()));
    }
    lines.forEach(System.out::println);
    return lines;
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
