package dev.pitcrew.api.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.LocalModeTestProperties;
import dev.pitcrew.api.support.SharedServerTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A paused PostgreSQL (SIGSTOP of the postmaster and its backends: what a hung disk or a frozen VM looks like)
 * costs a request seconds and a clear 503, and health says DOWN, instead of both hanging.
 */
class StalledDatabaseTest extends SharedServerTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aPausedDatabaseAnswers503AndHealthDownWithinSecondsAndAllIsWellAfterItResumes() throws Exception {
    assertThat(get("/api/v1/runs").statusCode()).isEqualTo(200);
    List<ProcessHandle> postgres = pausePostgres();
    try {
      long began = System.nanoTime();
      HttpResponse<String> runs = get("/api/v1/runs");
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      assertThat(runs.statusCode()).as(runs.body()).isEqualTo(503);
      assertThat(runs.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(runs.body()).contains("Database unavailable");
      assertThat(runs.headers().firstValue("Retry-After")).isPresent();
      System.out.println("Paused database: GET /api/v1/runs answered " + runs.statusCode() + " in " + took);
      assertThat(took).isLessThan(Duration.ofSeconds(8));

      // The readiness probe needs no credential (checking one needs the database): DOWN within its own deadline
      // once the health cache's last answer (pitcrew.health.cache-ttl, 1 s on the shared server) has expired, and
      // every answer in time.
      began = System.nanoTime();
      HttpResponse<String> health;
      do {
        long asked = System.nanoTime();
        health = probe("/actuator/health/readiness");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(4));
      } while (health.statusCode() == 200 && Duration.ofNanos(System.nanoTime() - began).toSeconds() < 10);
      took = Duration.ofNanos(System.nanoTime() - began);
      assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
      assertThat(health.body()).contains("DOWN");
      System.out.println("Paused database: GET /actuator/health answered " + health.statusCode() + " after " + took);
    } finally {
      signal("CONT", postgres);
    }

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(get("/api/v1/runs").statusCode()).isEqualTo(200);
      assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
      assertThat(probe("/actuator/health/readiness").statusCode()).isEqualTo(200);
    });
  }

  /** A probe as Kubernetes sends it: no credential, which could not be checked while the database is paused. */
  private HttpResponse<String> probe(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET()
            .header("Authorization", "Bearer " + LocalModeTestProperties.ADMIN_TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Stops the postmaster named in postmaster.pid first — then it forks no more backends — and then every backend it
   * has forked (the pool opens connections in the background, so the list is only complete at that point).
   */
  private static List<ProcessHandle> pausePostgres() throws Exception {
    long pid = Long.parseLong(Files.readAllLines(DATA_DIR.resolve("pg").resolve("postmaster.pid")).getFirst().strip());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    signal("STOP", List.of(postmaster));
    List<ProcessHandle> all = Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
    try {
      signal("STOP", all);
    } catch (Exception | Error e) {
      signal("CONT", all);
      throw e;
    }
    return all;
  }

  private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    processes.forEach(process -> command.add(Long.toString(process.pid())));
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    kill.waitFor();
  }
}
