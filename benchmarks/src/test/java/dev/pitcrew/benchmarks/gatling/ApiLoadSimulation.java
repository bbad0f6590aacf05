package dev.pitcrew.benchmarks.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.pitcrew.benchmarks.PitcrewApi;
import dev.pitcrew.benchmarks.PitcrewServer;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * API load: operators reading and steering, with think time, and a steady 200 req/s of list and detail reads.
 *
 * <ul>
 *   <li>{@code operators}: {@code pitcrew.bench.users} (10k) users arriving over {@code pitcrew.bench.rampSeconds};
 *       each lists runs, opens a run, opens an incident, opens a ticket and adds a note to the incident (a
 *       signal to its workflow: the steer), thinking 1-3 s between steps. Goal: p95 &lt; 200 ms per request.
 *   <li>{@code reads}: {@code pitcrew.bench.readRate} (200) requests/s of list and detail reads for
 *       {@code pitcrew.bench.readSeconds}. Goal: p99 &lt; 50 ms.
 * </ul>
 *
 * <p>The server is the packaged jar started here (its own process), unless {@code pitcrew.bench.url} names one
 * already running (the smoke test's). Before the measured scenario the server is warmed by {@link ApiWarmUp}
 * ({@code pitcrew.bench.gatlingWarmUp} requests of the same mix, 0 for none), which Gatling's figures do not include.
 * Missed goals show as failed assertions in the report; the run still ends.
 */
public class ApiLoadSimulation extends Simulation {
  private static final boolean FULL = "full".equals(System.getProperty("pitcrew.bench.mode"));
  private static final int USERS = Integer.getInteger("pitcrew.bench.users", FULL ? 10_000 : 20);
  private static final int RAMP_SECONDS = Integer.getInteger("pitcrew.bench.rampSeconds", FULL ? 300 : 2);
  private static final int READ_RATE = Integer.getInteger("pitcrew.bench.readRate", FULL ? 200 : 20);
  private static final int READ_SECONDS = Integer.getInteger("pitcrew.bench.readSeconds", FULL ? 60 : 2);
  private static final String GIVEN_URL = System.getProperty("pitcrew.bench.url");

  private static final Path OWN_SERVER_LOGS =
      Path.of(System.getProperty("pitcrew.bench.report", "target/benchmarks"), "gatling-server");
  private static final PitcrewServer OWN_SERVER = GIVEN_URL == null ? PitcrewServer.start(OWN_SERVER_LOGS, List.of()) : null;
  private static final String BASE_URL = GIVEN_URL != null ? GIVEN_URL : OWN_SERVER.baseUrl();
  private static final Seed SEED = Seed.plant(new PitcrewApi(BASE_URL, PitcrewServer.ADMIN_TOKEN));
  /** Requests of the warm-up before the measured scenario ({@link ApiWarmUp}); 0 measures a cold server. */
  private static final int WARM_UP = Integer.getInteger("pitcrew.bench.gatlingWarmUp", FULL ? 12_000 : 30);
  private static final List<String> WARM_UP_REPORT = warmUp();

  private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
      .authorizationHeader("Bearer " + PitcrewServer.ADMIN_TOKEN)
      .acceptHeader("application/json")
      .contentTypeHeader("application/json")
      .shareConnections();

  /** Requests sent under load (not the seeding), for the CPU each cost: {@link #after()}. */
  private static final LongAdder SENT = new LongAdder();
  private static long serverCpuAtStart;
  private static long ownCpuAtStart;
  private static long startedNanos;

  private static List<String> warmUp() {
    try {
      return ApiWarmUp.run(new PitcrewApi(BASE_URL, PitcrewServer.ADMIN_TOKEN), SEED, WARM_UP, OWN_SERVER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Supplier<java.util.Iterator<Map<String, Object>>> feeder() {
    return () -> Stream.generate(SEED::pick).iterator();
  }

  private static ChainBuilder counted(ChainBuilder request) {
    return CoreDsl.exec(session -> {
      SENT.increment();
      return session;
    }).exec(request);
  }

  private static ChainBuilder listRuns(String prefix) {
    return counted(CoreDsl.exec(http(prefix + "list runs").get("/api/v1/runs?size=20").check(status().is(200))));
  }

  private static ChainBuilder runDetail(String prefix) {
    return counted(CoreDsl.exec(http(prefix + "run detail").get("/api/v1/runs/#{runId}").check(status().is(200))));
  }

  private static ChainBuilder incidentList(String prefix) {
    return counted(CoreDsl.exec(http(prefix + "list incidents").get("/api/v1/incidents").check(status().is(200))));
  }

  private static ChainBuilder incidentDetail(String prefix) {
    return counted(CoreDsl.exec(http(prefix + "incident detail").get("/api/v1/incidents/#{incidentId}").check(status().is(200))));
  }

  private static ChainBuilder ticketDetail(String prefix) {
    return counted(CoreDsl.exec(http(prefix + "ticket detail").get("/api/v1/tickets/#{ticketKey}").check(status().is(200))));
  }

  private final ScenarioBuilder operators = scenario("operators")
      .feed(feeder())
      .exec(listRuns(""))
      .pause(Duration.ofSeconds(1), Duration.ofSeconds(3))
      .exec(runDetail(""))
      .pause(Duration.ofSeconds(1), Duration.ofSeconds(3))
      .exec(incidentDetail(""))
      .pause(Duration.ofSeconds(1), Duration.ofSeconds(3))
      .exec(ticketDetail(""))
      .pause(Duration.ofSeconds(1), Duration.ofSeconds(3))
      .exec(counted(CoreDsl.exec(http("steer: incident note").post("/api/v1/incidents/#{incidentId}/notes")
          .body(StringBody("{\"text\":\"load test note #{noteNumber}\"}"))
          .check(status().is(202)))));

  private final ScenarioBuilder reads = scenario("reads at a steady rate")
      .feed(feeder())
      .exec(randomSwitch().on(
          new Choice.WithWeight(25.0, listRuns("steady: ")),
          new Choice.WithWeight(25.0, runDetail("steady: ")),
          new Choice.WithWeight(15.0, incidentList("steady: ")),
          new Choice.WithWeight(20.0, incidentDetail("steady: ")),
          new Choice.WithWeight(15.0, ticketDetail("steady: "))));

  {
    setUp(
        operators.injectOpen(rampUsers(USERS).during(Duration.ofSeconds(RAMP_SECONDS))),
        reads.injectOpen(constantUsersPerSec(READ_RATE).during(Duration.ofSeconds(READ_SECONDS))))
        .protocols(protocol)
        .assertions(
            forAll().responseTime().percentile(95.0).lt(200),
            details("steady: list runs").responseTime().percentile(99.0).lt(50),
            details("steady: run detail").responseTime().percentile(99.0).lt(50),
            details("steady: list incidents").responseTime().percentile(99.0).lt(50),
            details("steady: incident detail").responseTime().percentile(99.0).lt(50),
            details("steady: ticket detail").responseTime().percentile(99.0).lt(50),
            global().failedRequests().percent().lt(1.0));
  }

  @Override
  public void before() {
    serverCpuAtStart = OWN_SERVER != null ? OWN_SERVER.cpuMillis() : 0;
    ownCpuAtStart = ownCpuMillis();
    startedNanos = System.nanoTime();
  }

  /**
   * Prints (and writes beside the server's log) the CPU each request cost the server and this load generator:
   * the figure that moves least with the machine's load, for comparing two builds run alternately.
   */
  @Override
  public void after() {
    long sent = Math.max(1, SENT.sum());
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    long ownCpu = ownCpuMillis() - ownCpuAtStart;
    StringBuilder line = new StringBuilder("[cpu] %d requests in %.0f s; Gatling %.2f ms CPU/request"
        .formatted(sent, seconds, (double) ownCpu / sent));
    if (OWN_SERVER != null) {
      long serverCpu = OWN_SERVER.cpuMillis() - serverCpuAtStart;
      line.append("; server %.2f ms CPU/request (%.0f %% of a core on average); load %s".formatted(
          (double) serverCpu / sent, 100.0 * serverCpu / 1000 / seconds, loadAverage()));
      try {
        Files.write(OWN_SERVER_LOGS.resolve("cpu.txt"),
            Stream.concat(WARM_UP_REPORT.stream(), Stream.of(line.toString())).toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      OWN_SERVER.close();
    }
    System.out.println(line);
  }

  private static long ownCpuMillis() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
    } catch (IOException e) {
      return "?";
    }
  }

  /** Runs, incidents and tickets the users read and steer, made before the load starts. */
  record Seed(List<String> runs, List<String> incidents, List<String> tickets) {
    static Seed plant(PitcrewApi api) {
      List<String> runs = new ArrayList<>();
      List<String> incidents = new ArrayList<>();
      List<String> tickets = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        runs.add(created(api.postRetrying("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"load\"}}", 10), "workflowId"));
        tickets.add(created(api.postRetrying("/api/v1/tickets", """
            {"title":"load ticket %d","requesterEmail":"load%d@bench.example","priority":"Medium"}""".formatted(i, i), 10),
            "ticketKey"));
      }
      for (int i = 0; i < 5; i++) {
        incidents.add(created(api.postRetrying("/api/v1/incidents", """
            {"title":"load incident %d","service":"load-svc-%d","severity":"SEV3"}""".formatted(i, i), 10),
            "incidentId"));
      }
      return new Seed(runs, incidents, tickets);
    }

    private static String created(HttpResponse<String> answer, String field) {
      if (answer.statusCode() / 100 != 2) {
        throw new IllegalStateException("Seeding answered " + answer.statusCode() + ": " + answer.body());
      }
      return PitcrewApi.field(answer.body(), field);
    }

    Map<String, Object> pick() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      return Map.of(
          "runId", runs.get(random.nextInt(runs.size())),
          "incidentId", incidents.get(random.nextInt(incidents.size())),
          "ticketKey", tickets.get(random.nextInt(tickets.size())),
          "noteNumber", random.nextInt(1_000_000));
    }
  }
}
