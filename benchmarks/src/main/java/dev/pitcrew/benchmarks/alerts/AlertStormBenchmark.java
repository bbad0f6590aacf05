package dev.pitcrew.benchmarks.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pitcrew.benchmarks.Percentiles;
import dev.pitcrew.benchmarks.PitcrewApi;
import dev.pitcrew.benchmarks.PitcrewServer;
import dev.pitcrew.benchmarks.Report;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alert storm: {@code alerts} distinct Alertmanager groups, spread evenly over {@code windowSeconds}, each one
 * firing alert; every one must be paged on PagerDuty's Events API (WireMock, the vendor's real client on the
 * server's side). Alert-to-page latency is from the webhook's send to WireMock's receipt of the trigger.
 */
public final class AlertStormBenchmark implements AutoCloseable {
  private static final Pattern STORM_KEY = Pattern.compile("storm-[a-z0-9]+-\\d+");

  private final WireMockServer pagerDuty = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
      .containerThreads(50).asynchronousResponseEnabled(false));
  private final int alerts;
  private final int windowSeconds;
  private final long pageTimeoutSeconds;

  public AlertStormBenchmark(int alerts, int windowSeconds, long pageTimeoutSeconds) {
    this.alerts = alerts;
    this.windowSeconds = windowSeconds;
    this.pageTimeoutSeconds = pageTimeoutSeconds;
    pagerDuty.start();
    pagerDuty.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
  }

  /** The server settings that send its pages here. */
  public List<String> serverArguments() {
    return List.of(
        "--pitcrew.pagerduty.events-url=" + pagerDuty.baseUrl() + "/v2/enqueue",
        "--pitcrew.pagerduty.default-routing-key=bench0routing0key0000000000000000");
  }

  public void run(PitcrewServer server, Report report) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    long doorGaveUpBefore = doorGaveUp(server);
    long serverCpuBefore = server.cpuMillis();
    long postgresCpuBefore = server.postgresCpuMillis();
    Storm storm = send(server.api(), run, alerts);
    Map<String, Long> sentAt = storm.sentAt;
    Map<String, Long> answeredAt = storm.answeredAt;
    List<Long> answeredIn = storm.answeredIn;
    AtomicInteger retried = storm.retried;
    long startMillis = storm.startMillis;
    long intervalNanos = storm.intervalNanos;
    double sendSeconds = storm.sendSeconds;

    Map<String, Long> pagedAt = awaitPages(run, alerts);
    // Everything the server (and its PostgreSQL) spent from the first send to the last page, per alert: above
    // about 20 ms per alert, 2 cores cannot keep up with 100 alerts a second and the pages queue.
    long serverCpu = server.cpuMillis() - serverCpuBefore;
    long postgresCpu = server.postgresCpuMillis() - postgresCpuBefore;
    List<Long> latencies = new ArrayList<>();
    pagedAt.forEach((key, paged) -> latencies.add(paged - sentAt.get(key)));
    Percentiles p = new Percentiles(latencies);
    // From when the alert was due, not when its sender got to it: retries after a 429/503 (Retry-After) are in it.
    List<Long> fromDue = new ArrayList<>();
    pagedAt.forEach((key, paged) -> fromDue.add(
        paged - (startMillis + Long.parseLong(key.substring(key.lastIndexOf('-') + 1)) * intervalNanos / 1_000_000)));
    Percentiles due = new Percentiles(fromDue);
    report.figure("alerts.sent", alerts, "alerts", String.format(java.util.Locale.ROOT,
        "sent over %.1f s (target %d s); %d webhook answers were 429/503 (or none in 60 s) and retried", sendSeconds, windowSeconds,
        retried.get()));
    report.figure("alerts.paged", pagedAt.size(), "alerts", "distinct alerts triggered on PagerDuty; goal: all");
    report.figure("alerts.alertToPageP95", p.at(95), "ms",
        "p50 " + p.at(50) + " ms, p99 " + p.at(99) + " ms, max " + p.max() + " ms; goal < 500");
    report.figure("alerts.dueToPageP95", due.at(95), "ms",
        "page time - time the alert was due (the harness's own send queue included); p50 " + due.at(50)
            + " ms, p99 " + due.at(99) + " ms");
    // Page time minus answer time: what the engine and worker add once the door is through (negative: paged
    // before the webhook answered). Less at the mercy of the machine's load than the door's queueing.
    List<Long> behindTheDoor = new ArrayList<>();
    pagedAt.forEach((key, paged) -> {
      Long answered = answeredAt.get(key);
      if (answered != null) {
        behindTheDoor.add(paged - answered);
      }
    });
    Percentiles behind = new Percentiles(behindTheDoor);
    report.figure("alerts.pageAfterAnswerP95", behind.at(95), "ms",
        "page time - webhook answer time; p50 " + behind.at(50) + " ms, p99 " + behind.at(99) + " ms");
    Percentiles answers = new Percentiles(answeredIn);
    report.figure("alerts.webhookAnswerP95", answers.at(95), "ms",
        "send to 2xx, retries included; p50 " + answers.at(50) + " ms, p99 " + answers.at(99) + " ms");
    report.figure("alerts.serverCpuPerAlert", (double) serverCpu / alerts, "ms",
        "server JVM CPU from the first send to the last page, / alerts; PostgreSQL "
            + String.format(java.util.Locale.ROOT, "%.1f", (double) postgresCpu / alerts) + " ms; 2 cores give 20 ms"
            + " an alert at 100 alerts/s");
    // The engine's work for the incidents (workflow tasks, Slack channel and card activities) goes on after the
    // last page: wait until the server is quiet (under 10 % of a core for 2 s, at most 2 min) for the whole cost.
    long last = server.awaitQuiet(Duration.ofMinutes(2));
    report.figure("alerts.serverCpuPerAlertUntilQuiet", (double) (last - serverCpuBefore) / alerts, "ms",
        "server JVM CPU from the first send until it is quiet again (the incidents' engine work included), / alerts;"
            + " PostgreSQL " + String.format(java.util.Locale.ROOT, "%.1f",
            (double) (server.postgresCpuMillis() - postgresCpuBefore) / alerts) + " ms");
    report.figure("alerts.doorGaveUp", doorGaveUp(server) - doorGaveUpBefore, "pages",
        "door pages left to the incident's workflow (server log: \"did not go out\"), from the first send until quiet");
    shape(report, run, startMillis, sentAt, answeredAt, pagedAt);
  }

  /**
   * A warm-up storm before the measured one, so a fresh server is as warm as one that has been running (the full
   * run's storm comes after the throughput rounds): {@code warmUpAlerts} distinct alerts over the same window, each
   * paged, every incident then resolved over the API, and a wait until the server's CPU is quiet again. Its own
   * figures go to the report under {@code warmUp.*}; the measured storm's keys and figures are not touched by it.
   */
  public void warmUp(PitcrewServer server, Report report, int warmUpAlerts) throws Exception {
    if (warmUpAlerts <= 0) {
      report.line("no warm-up storm (-Dpitcrew.bench.alertWarmUp=0): the measured storm meets a cold server");
      return;
    }
    String run = "w" + Long.toString(System.currentTimeMillis(), 36);
    long doorGaveUpBefore = doorGaveUp(server);
    long cpuBefore = server.cpuMillis();
    long began = System.nanoTime();
    Storm storm = send(server.api(), run, warmUpAlerts);
    Map<String, Long> pagedAt = awaitPages(run, warmUpAlerts);
    List<Long> latencies = new ArrayList<>();
    pagedAt.forEach((key, paged) -> latencies.add(paged - storm.sentAt.get(key)));
    Percentiles p = new Percentiles(latencies);
    double pagedSeconds = (System.nanoTime() - began) / 1e9;
    // Resolved as a responder would, a few at a time: the incidents' workflows end, and the measured storm meets a
    // server with the warm-up's code paths compiled but none of its incidents still open.
    AtomicInteger resolved = new AtomicInteger();
    ExecutorService resolvers = Executors.newFixedThreadPool(4, Thread.ofVirtual().factory());
    for (String incidentId : storm.incidentIds) {
      resolvers.execute(() -> {
        HttpResponse<String> answer = server.api().postRetrying("/api/v1/incidents/" + incidentId + "/resolve",
            "{\"summary\":\"warm-up storm over\"}", 10);
        if (answer.statusCode() / 100 == 2) {
          resolved.incrementAndGet();
        }
      });
    }
    resolvers.shutdown();
    resolvers.awaitTermination(10, TimeUnit.MINUTES);
    long quiet = server.awaitQuiet(Duration.ofMinutes(4));
    report.figure("warmUp.alerts", warmUpAlerts, "alerts", String.format(java.util.Locale.ROOT,
        "warm-up storm before the measured one: sent over %.1f s, %d paged (p95 %d ms, max %d ms), %d of %d incidents"
            + " resolved, door pages left to the workflow %d", storm.sendSeconds, pagedAt.size(), (long) p.at(95),
        (long) p.max(), resolved.get(), storm.incidentIds.size(), doorGaveUp(server) - doorGaveUpBefore));
    report.figure("warmUp.seconds", (System.nanoTime() - began) / 1e9, "s", String.format(java.util.Locale.ROOT,
        "first send until the server is quiet again (all paged after %.1f s)", pagedSeconds));
    report.figure("warmUp.serverCpuPerAlert", (double) (quiet - cpuBefore) / warmUpAlerts, "ms",
        "server JVM CPU from the warm-up's first send until quiet after the resolves, / warm-up alert");
  }

  /** What one storm sent: per alert key, send and answer times; the incidents the answers named. */
  private record Storm(Map<String, Long> sentAt, Map<String, Long> answeredAt, List<Long> answeredIn,
      Set<String> incidentIds, AtomicInteger retried, long startMillis, long intervalNanos, double sendSeconds) {}

  private Storm send(PitcrewApi api, String run, int count) throws InterruptedException {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    // The webhook's own answer time, first send to 2xx: tells queueing at the door from the work behind it.
    List<Long> answeredIn = java.util.Collections.synchronizedList(new ArrayList<>());
    Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    Set<String> incidentIds = ConcurrentHashMap.newKeySet();
    AtomicInteger retried = new AtomicInteger();
    long intervalNanos = TimeUnit.SECONDS.toNanos(windowSeconds) / count;
    // One sender per alert, each at its due time: Alertmanager flushes every aggregation group on its own and does
    // not wait for one group's answer before notifying the next, so a slow answer must not delay the other sends.
    ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    long start = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      String key = "storm-" + run + "-" + i;
      long due = start + i * intervalNanos;
      senders.execute(() -> {
        long wait = due - System.nanoTime();
        if (wait > 0) {
          sleepNanos(wait);
        }
        sentAt.put(key, System.currentTimeMillis());
        // Alertmanager retries a webhook that answers 429/5xx: the harness does what it does.
        while (true) {
          HttpResponse<String> answer;
          try {
            answer = api.post("/api/v1/hooks/alertmanager", payload(key), "Bearer " + PitcrewServer.ALERTMANAGER_TOKEN);
          } catch (java.io.UncheckedIOException timedOut) {
            // No answer within the harness's timeout (a starved machine): Alertmanager counts that as a failed
            // notification and sends it again; so does the harness, rather than lose the alert.
            retried.incrementAndGet();
            continue;
          }
          if (answer.statusCode() / 100 == 2) {
            long now = System.currentTimeMillis();
            answeredIn.add(now - sentAt.get(key));
            answeredAt.put(key, now);
            if (answer.body().contains("\"incidentId\"")) {
              incidentIds.add(PitcrewApi.field(answer.body(), "incidentId"));
            }
            return;
          }
          if (answer.statusCode() != 429 && answer.statusCode() != 503) {
            throw new IllegalStateException("Alertmanager webhook answered " + answer.statusCode() + ": " + answer.body());
          }
          retried.incrementAndGet();
          sleepNanos(TimeUnit.SECONDS.toNanos(answer.headers().firstValueAsLong("Retry-After").orElse(1)));
        }
      });
    }
    senders.shutdown();
    if (!senders.awaitTermination(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("The storm's webhooks did not all get answered");
    }
    return new Storm(sentAt, answeredAt, answeredIn, incidentIds, retried, startMillis, intervalNanos,
        (System.nanoTime() - start) / 1e9);
  }

  /** Per alert key of this run, when WireMock first received its trigger; waits until all are in or time is up. */
  private Map<String, Long> awaitPages(String run, int count) {
    Map<String, Long> pagedAt = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(pageTimeoutSeconds);
    while (System.nanoTime() < deadline) {
      pagedAt.clear();
      for (LoggedRequest request : pagerDuty.findAll(
          com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
              com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/v2/enqueue")))) {
        String body = request.getBodyAsString();
        Matcher key = STORM_KEY.matcher(body);
        if (body.contains("\"trigger\"") && key.find() && key.group().startsWith("storm-" + run + "-")) {
          pagedAt.merge(key.group(), request.getLoggedDate().getTime(), Math::min);
        }
      }
      if (pagedAt.size() >= count) {
        break;
      }
      sleepNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
    return pagedAt;
  }

  /** The door's pages left to the workflow so far: its warning per page in the server's log. */
  private static long doorGaveUp(PitcrewServer server) {
    try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(server.logFile())) {
      return lines.filter(line -> line.contains("the door's page to PagerDuty service")).count();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  /**
   * The storm's shape: alert-to-page by tenth of the send order (a queue grows through the storm; a per-request
   * cost stays flat), and every alert's send, answer and page time (ms from the storm's start) in alerts.csv.
   */
  private void shape(Report report, String run, long startMillis, Map<String, Long> sentAt,
      Map<String, Long> answeredAt, Map<String, Long> pagedAt) {
    StringBuilder csv = new StringBuilder("alert,sent_ms,answered_ms,paged_ms\n");
    List<List<Long>> tenths = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      tenths.add(new ArrayList<>());
    }
    for (int i = 0; i < alerts; i++) {
      String key = "storm-" + run + "-" + i;
      Long sent = sentAt.get(key);
      Long answered = answeredAt.get(key);
      Long paged = pagedAt.get(key);
      csv.append(i).append(',').append(sent == null ? "" : sent - startMillis).append(',')
          .append(answered == null ? "" : answered - startMillis).append(',')
          .append(paged == null ? "" : paged - startMillis).append('\n');
      if (sent != null && paged != null) {
        tenths.get(i * 10 / alerts).add(paged - sent);
      }
    }
    StringBuilder line = new StringBuilder("alert-to-page p50/p95 by tenth of the send order (ms):");
    for (List<Long> tenth : tenths) {
      Percentiles p = new Percentiles(tenth);
      line.append(' ').append((long) p.at(50)).append('/').append((long) p.at(95));
    }
    report.line(line.toString());
    try {
      java.nio.file.Files.writeString(report.file().resolveSibling("alerts.csv"), csv);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String payload(String key) {
    return """
        {"version":"4","groupKey":"%s","truncatedAlerts":0,"status":"firing","receiver":"pitcrew",
         "groupLabels":{"alertname":"BenchStorm"},"commonLabels":{"alertname":"BenchStorm"},"commonAnnotations":{},
         "externalURL":"http://alertmanager.bench:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"BenchStorm","service":"storm-svc","severity":"critical"},
           "annotations":{"summary":"bench storm %s"},"startsAt":"2026-03-14T09:21:00.000Z",
           "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.bench/graph","fingerprint":"%s"}]}"""
        .formatted(key, key, key);
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    pagerDuty.stop();
  }
}
