package dev.pitcrew.api.chaos;

import static dev.pitcrew.api.support.ApiReads.goal;
import static dev.pitcrew.api.support.ApiReads.items;
import static dev.pitcrew.api.support.ApiReads.pagerDutyTriggers;
import static dev.pitcrew.api.support.WorkInFlight.DEPLOYMENT;
import static dev.pitcrew.api.support.WorkInFlight.INCIDENT_DECLARATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.PitcrewApplication;
import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.LocalModeTestProperties;
import dev.pitcrew.api.support.WorkInFlight;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * kill -9, then one start. A child JVM runs the real Pitcrew server in local mode (Java test server, embedded
 * PostgreSQL on disk). With two tickets on a fast SLA, a paged incident and a deployment waiting for approval in
 * flight, the JVM and its PostgreSQL watchdog get SIGKILL (as from the OOM killer): no shutdown hook, its PostgreSQL
 * left behind as an orphan. A new child on the same data directory and ports must start first time with no manual
 * cleanup (it stops the orphan itself); reconciliation leaves no RUNNING run the
 * engine does not hold; each ticket's breach keeps its original due time (the one that fell due while down fires
 * at once, marked late; the one still ahead fires at its time); the incident is resumed without a second
 * page; the deployment is LOST and every action on it answers 409 "Run lost".
 *
 * <p>Tagged {@code chaos} to run it alone ({@code -Dgroups=chaos}); it also runs in the default suite.
 */
@Tag("chaos")
class KillNineTest {
  static final Duration RECONCILE = Duration.ofSeconds(5);
  /** Two reconcile intervals, plus slack for a loaded 2-core machine. */
  static final Duration RECOVERY_WINDOW = RECONCILE.multipliedBy(2).plusSeconds(20);
  static final Duration START_LIMIT = Duration.ofSeconds(150);
  static final Duration WAIT = Duration.ofSeconds(60);
  /**
   * The ticket whose first response falls due while nothing runs: long enough for the kill to come first (about a
   * second after the ticket is made, more on a loaded machine).
   */
  static final Duration LATE_GOAL = Duration.ofSeconds(15);
  /**
   * The ticket whose first response is still ahead after the restart: the late goal, plus a restart (15 s in CI),
   * plus room for a slower one. The test waits for it, so every second here is a second of suite time.
   */
  static final Duration AHEAD_GOAL = Duration.ofSeconds(55);

  @TempDir Path dataDir;
  @TempDir Path logs;
  final int httpPort = FreePorts.next();
  final int temporalPort = FreePorts.next();
  final List<Process> children = new ArrayList<>();
  final List<Path> childLogs = new ArrayList<>();
  final List<ProcessHandle> postmasters = new ArrayList<>();

  @Test
  void afterKillNineOneStartRecoversEverythingAndLeavesNoGhosts() throws Throwable {
    try {
      scenario();
    } catch (Throwable failure) {
      for (Path log : childLogs) {
        List<String> lines = Files.readAllLines(log);
        System.err.println("==== " + log.getFileName() + " (last 300 of " + lines.size() + " lines) ====");
        lines.subList(Math.max(0, lines.size() - 300), lines.size()).forEach(System.err::println);
      }
      throw failure;
    }
  }

  private void scenario() throws Exception {
    HttpApi api = new HttpApi(httpPort);

    // 1. A first child with a ticket, an incident and a deployment in flight.
    Process first = startChild("first");
    awaitReady(first, Instant.now());
    WorkInFlight work = new WorkInFlight(api, WAIT);
    work.quickSlaQueue(Map.of("High", LATE_GOAL, "Medium", AHEAD_GOAL));
    work.deploymentAwaitingApproval();
    String incidentId = work.pagedIncident("Idempotency-Key", "chaos-declare-1");

    // Two tickets: one falls due while nothing runs (LATE_GOAL), one is still ahead after the restart (AHEAD_GOAL).
    String aheadKey = work.quickTicket("Cannot log in (Medium)", "Medium");
    String lateKey = work.quickTicket("Cannot log in (High)", "High");
    Instant aheadDue = firstResponseDue(api, aheadKey);
    Instant lateDue = firstResponseDue(api, lateKey);

    Map<String, String> runningBefore = running(api);
    assertThat(runningBefore).containsKeys(DEPLOYMENT, incidentId);
    assertThat(runningBefore).hasSizeGreaterThanOrEqualTo(4);

    // 2. kill -9 of the JVM and of its PostgreSQL watchdog, as the OOM killer or a killed process group would: its
    // PostgreSQL stays behind, an orphan that the next start has to deal with.
    ProcessHandle postmaster = postmaster().orElseThrow();
    postmasters.add(postmaster);
    List<ProcessHandle> watchdogs = first.descendants()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains("pitcrew-postgres-watchdog")).orElse(false))
        .toList();
    assertThat(watchdogs).as("the child's PostgreSQL watchdog").hasSize(1);
    watchdogs.getFirst().destroyForcibly();
    watchdogs.getFirst().onExit().get(10, TimeUnit.SECONDS);
    assertThat(first.toHandle().destroyForcibly()).isTrue();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as("exit status of a SIGKILLed JVM").isEqualTo(128 + 9);
    Instant killedAt = Instant.now();
    Thread.sleep(2_000);
    assertThat(postmaster.isAlive()).as("the killed Pitcrew's PostgreSQL outlives it").isTrue();
    assertThat(killedAt).as("killed before the late ticket's breach fell due").isBefore(lateDue);
    long untilLateDue = Duration.between(Instant.now(), lateDue.plusSeconds(3)).toMillis();
    if (untilLateDue > 0) {
      Thread.sleep(untilLateDue);
    }

    // 3. One new start on the same data directory and ports, no cleanup in between.
    assertThat(postmaster.isAlive()).as("the orphaned PostgreSQL is still running at the new start").isTrue();
    Process second = startChild("second");
    Instant readyAt = awaitReady(second, killedAt);
    System.out.printf("KillNineTest: second start ready %d s after the kill (%s); breaches due %s (late), %s (ahead)%n",
        Duration.between(killedAt, readyAt).toSeconds(), readyAt, lateDue, aheadDue);
    assertThat(postmaster.isAlive()).as("the killed Pitcrew's PostgreSQL is gone once the new one is ready").isFalse();
    assertThat(Files.readString(childLogs.get(1)))
        .contains("stopped PostgreSQL pid " + postmaster.pid()).contains("left running by a Pitcrew that did not");
    postmaster().ifPresent(postmasters::add);

    // Within two reconcile intervals: nothing RUNNING that the engine does not hold.
    await().atMost(RECOVERY_WINDOW).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      Map<String, String> running = running(api);
      assertThat(running).doesNotContainKey(DEPLOYMENT);
      for (Map.Entry<String, String> before : runningBefore.entrySet()) {
        assertThat(running.get(before.getKey())).as("old run of " + before.getKey()).isNotEqualTo(before.getValue());
      }
      runningBefore.keySet().stream().filter(id -> !id.equals(DEPLOYMENT))
          .forEach(id -> assertThat(running).as("recovered, RUNNING again").containsKey(id));
    });
    assertEngineHoldsEveryRunningRun(api);

    JsonNode lost = items(api.get("/api/v1/runs?status=LOST&size=100").body()).stream()
        .filter(r -> r.get("workflowId").asString().equals(DEPLOYMENT)).findFirst().orElseThrow();
    assertThat(lost.get("outcome").asString())
        .contains("the Temporal engine no longer holds this run").contains("AwaitingApproval");

    // Actions on the lost deployment: 409 "Run lost".
    for (String path : List.of("/api/v1/deployments/" + DEPLOYMENT + "/approve",
        "/api/v1/runs/" + DEPLOYMENT + "/cancel", "/api/v1/runs/" + DEPLOYMENT + "/signals/approve")) {
      Response refused = api.post(path, "{}");
      assertThat(refused.status()).as(path + ": " + refused.text()).isEqualTo(409);
      assertThat(refused.body().get("title").asString()).isEqualTo("Run lost");
      assertThat(refused.body().get("runStatus").asString()).isEqualTo("LOST");
    }

    // The incident is open again under its ID; the same alert joins it; PagerDuty has still one trigger.
    await().atMost(WAIT).until(() -> {
      Response incident = api.get("/api/v1/incidents/" + incidentId);
      return incident.status() == 200 && "OPEN".equals(incident.body().path("state").asString());
    });
    Response refired = api.post("/api/v1/incidents", INCIDENT_DECLARATION);
    assertThat(refired.status()).as(refired.text()).isEqualTo(200);
    assertThat(refired.body().get("incidentId").asString()).isEqualTo(incidentId);
    assertThat(refired.body().get("outcome").asString()).isEqualTo("JOINED");
    Response replayed = api.post("/api/v1/incidents", INCIDENT_DECLARATION, "Idempotency-Key", "chaos-declare-1");
    assertThat(replayed.status()).as(replayed.text()).isIn(200, 201);
    assertThat(replayed.body().get("incidentId").asString()).isEqualTo(incidentId);
    Thread.sleep(2_000);
    assertThat(pagerDutyTriggers(api)).hasSize(1);

    // Each breach keeps its original due time: at once and marked late when it fell due while down, at that time
    // when still ahead.
    Breach late = breach(api, lateKey, lateDue, readyAt);
    assertThat(late.note()).startsWith("breach fired late: due " + lateDue);
    assertThat(late.fired()).as("fired at once after the restart").isAfter(killedAt)
        .isBefore(readyAt.plus(RECOVERY_WINDOW));
    Breach ahead = breach(api, aheadKey, aheadDue, readyAt);
    if (aheadDue.isAfter(readyAt.plusSeconds(2))) {
      assertThat(Duration.between(aheadDue, ahead.fired())).as("fired at the original due time")
          .isLessThan(Duration.ofSeconds(10));
      assertThat(ahead.note()).isNull();
    } else {
      System.out.println("KillNineTest: the restart took so long that the ahead ticket's breach fell due while down too");
      assertThat(ahead.note()).startsWith("breach fired late: due " + aheadDue);
    }
  }

  record Breach(Instant breachedAt, Instant fired, String note) {}

  /** The ticket's first-response breach once it fired: breached_at ≈ its due time, never fired early. */
  private Breach breach(HttpApi api, String ticketKey, Instant due, Instant readyAt) throws Exception {
    await().atMost(Duration.between(Instant.now(), later(due, readyAt).plus(WAIT))).pollInterval(Duration.ofSeconds(1))
        .until(() -> api.get("/api/v1/tickets/" + ticketKey),
            r -> r.status() == 200 && r.body().path("sla").path("goals").size() > 0
                && "BREACHED".equals(goal(r.body(), "FIRST_RESPONSE").path("state").asString()));
    Instant breachedAt = await().atMost(WAIT).until(() -> db().sql(
            "select breached_at from sla_outcomes where ticket_key = ? and goal = 'FIRST_RESPONSE'")
        .param(ticketKey).query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null), t -> t != null);
    Instant fired = await().atMost(WAIT).until(() -> breachNotification(api, ticketKey), t -> t != null);
    String note = db().sql("select breach_note from sla_outcomes where ticket_key = ? and goal = 'FIRST_RESPONSE'")
        .param(ticketKey).query(String.class).optional().orElse(null);
    System.out.printf("KillNineTest: %s breach due %s, breached_at %s, fired %s, note %s%n",
        ticketKey, due, breachedAt, fired, note);
    assertThat(Duration.between(due, breachedAt).abs()).as("breached_at %s vs due %s", breachedAt, due)
        .isLessThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(fired).as("never before its due time").isAfterOrEqualTo(due.minusSeconds(1));
    return new Breach(breachedAt, fired, note);
  }


  /** Waits until recovery has something to restart from: the clocks recorded with the ticket's snapshot. */
  private Instant firstResponseDue(HttpApi api, String ticketKey) throws Exception {
    JsonNode ticket = await().atMost(WAIT).until(() -> api.get("/api/v1/tickets/" + ticketKey),
        r -> r.status() == 200 && !r.body().path("sla").path("goals").isEmpty()).body();
    await().atMost(WAIT).until(() -> db().sql("select clocks is not null from sla_tickets where ticket_key = ?")
        .param(ticketKey).query(Boolean.class).optional().orElse(false));
    return Instant.parse(goal(ticket, "FIRST_RESPONSE").get("dueAt").asString());
  }

  /** Every RUNNING row of the runs index is a run the engine describes as running. */
  private void assertEngineHoldsEveryRunningRun(HttpApi api) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + temporalPort).build());
    try {
      for (Map.Entry<String, String> run : running(api).entrySet()) {
        WorkflowExecutionStatus status = stubs.blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(run.getKey()).setRunId(run.getValue()))
                    .build())
            .getWorkflowExecutionInfo().getStatus();
        assertThat(status).as("engine's status of RUNNING row " + run).isEqualTo(
            WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      }
    } finally {
      stubs.shutdownNow();
      stubs.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private Process startChild(String name) throws IOException {
    Path log = logs.resolve(name + ".log");
    childLogs.add(log);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-Xmx768m",
            "-cp", System.getProperty("java.class.path"), PitcrewApplication.class.getName(),
            "--pitcrew.local.data-dir=" + dataDir,
            "--server.port=" + httpPort,
            "--pitcrew.local.temporal-port=" + temporalPort,
            "--pitcrew.local.engine=TEST_SERVER",
            "--pitcrew.security.bootstrap.admin-token=" + LocalModeTestProperties.ADMIN_TOKEN,
            "--pitcrew.kubernetes.mode=sandbox",
            "--pitcrew.recovery.reconcile-interval=" + RECONCILE.toSeconds() + "s",
            "--logging.level.dev.pitcrew=INFO"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    for (String variable : List.of("PITCREW_TEMPORAL_TARGET", "SPRING_DATASOURCE_URL", "PITCREW_LOCAL_DATADIR",
        "PITCREW_PORT", "PITCREW_LOCAL_TEMPORALPORT")) {
      builder.environment().remove(variable);
    }
    Process child = builder.start();
    children.add(child);
    return child;
  }

  /** Readiness answers 200 within {@link #START_LIMIT} of {@code since}; fails at once when the child exits. */
  private Instant awaitReady(Process child, Instant since) {
    HttpApi api = new HttpApi(httpPort, null);
    await().atMost(Duration.between(Instant.now(), since.plus(START_LIMIT))).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          assertThat(child.isAlive()).as("child JVM still running").isTrue();
          try {
            return api.get("/actuator/health/readiness").status() == 200;
          } catch (UncheckedIOException notListeningYet) {
            return false;
          }
        });
    return Instant.now();
  }

  private Optional<ProcessHandle> postmaster() throws IOException {
    Path pid = dataDir.resolve("pg").resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).getFirst().strip()));
  }

  /** The live child's PostgreSQL, through the port in postmaster.pid and the password Pitcrew saved. */
  private JdbcClient db() throws IOException {
    List<String> pid = Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid"));
    DriverManagerDataSource source = new DriverManagerDataSource(
        "jdbc:postgresql://127.0.0.1:" + pid.get(3).strip() + "/postgres", "postgres",
        Files.readString(dataDir.resolve("pg-password")).strip());
    return JdbcClient.create(source);
  }

  /** Children stop; so does every PostgreSQL they started, whoever was meant to stop it. */
  @AfterEach
  void noProcessOutlivesTheTest() throws Exception {
    for (Process child : children) {
      List<ProcessHandle> descendants = child.descendants().toList();
      if (child.isAlive()) {
        child.destroy(); // SIGTERM: a graceful shutdown stops its PostgreSQL too
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
          child.destroyForcibly();
          child.waitFor(20, TimeUnit.SECONDS);
        }
      }
      descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    }
    postmaster().ifPresent(postmasters::add);
    for (ProcessHandle postgres : postmasters) {
      if (postgres.isAlive()) {
        postgres.destroy(); // SIGTERM: PostgreSQL's smart shutdown
        postgres.onExit().get(20, TimeUnit.SECONDS);
      }
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant breachNotification(HttpApi api, String ticketKey) {
    JsonNode body = api.get("/api/v1/sla/notifications?ticket=" + ticketKey).body();
    return StreamSupport.stream(body.get("notifications").spliterator(), false)
        .filter(n -> n.get("kind").asString().toLowerCase().contains("breach"))
        .map(n -> Instant.parse(n.get("createdAt").asString()))
        .min(Instant::compareTo).orElse(null);
  }

  /** workflowId → runId of every RUNNING row of the runs index. */
  private static Map<String, String> running(HttpApi api) {
    Map<String, String> running = new HashMap<>();
    items(api.get("/api/v1/runs?status=RUNNING&size=100").body())
        .forEach(r -> running.put(r.get("workflowId").asString(), r.get("runId").asString()));
    return running;
  }
}
