package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.LocalModeTestProperties;
import dev.pitcrew.api.support.SharedServerTest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's live stream: a change committed to a watched table by anyone (here a plain JDBC connection of its
 * own, as another API replica or a worker would) reaches an open {@code /live} stream as an event named by its
 * topic, through the V79 NOTIFY triggers and this replica's LISTEN; a stream opened late catches up with what its
 * page missed.
 */
class LiveStreamTest extends SharedServerTest {
  @Autowired javax.sql.DataSource dataSource;

  @Test
  void aCommittedChangeByAnotherConnectionReachesTheStream() throws Exception {
    try (Stream live = open(null)) {
      assertThat(next(live.lines, "event:hello")).as("the stream says hello when it opens").isTrue();

      String workflowId = "live-stream-" + UUID.randomUUID();
      commit("""
          insert into runs (workflow_id, run_id, run_type, status, sequence, started_at, updated_at)
          values (?, 'r1', 'console-live-test', 'RUNNING', 1, now(), now())""",
          "delete from runs where workflow_id = ?", workflowId);
      assertThat(next(live.lines, "event:runs")).as("the runs topic after the commit").isTrue();
    }
  }

  /**
   * A page is read, a change is committed while it travels to the browser, and only then does its stream open: the
   * stream starts with that change's topic, or the page would wait for a change that already happened.
   */
  @Test
  void aStreamOpenedAfterAChangeItsPageMissedStartsWithThatTopic() throws Exception {
    Instant pageRead = Instant.now();
    // drill_runs changes are rare on the shared server: the topic that arrives is this change's.
    try (Stream witness = open(null)) {
      assertThat(next(witness.lines, "event:hello")).isTrue();
      String runId = "live-catch-up-" + UUID.randomUUID();
      commit("""
          insert into drill_runs (run_id, workflow_id, drill_name, status, started_at, finished_at, report)
          values (?, 'live-catch-up', 'live-catch-up', 'PASSED', now(), now(), '{}')""",
          "delete from drill_runs where run_id = ?", runId);
      assertThat(next(witness.lines, "event:drills")).as("this replica heard the change").isTrue();
    }
    try (Stream late = open(pageRead)) {
      assertThat(next(late.lines, "event:hello")).isTrue();
      assertThat(next(late.lines, "event:drills")).as("the change made before the stream opened").isTrue();
    }
  }

  /** Inserts a row and removes it in the same transaction: nothing is left, and the NOTIFY still goes out. */
  private void commit(String insert, String delete, String key) throws Exception {
    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      for (String sql : new String[] {insert, delete}) {
        try (PreparedStatement statement = other.prepareStatement(sql)) {
          statement.setString(1, key);
          statement.executeUpdate();
        }
      }
      other.commit();
    }
  }

  /** An open {@code /live} stream and the lines it has sent so far. */
  private record Stream(BlockingQueue<String> lines, CompletableFuture<?> answer, Thread reader)
      implements AutoCloseable {
    @Override
    public void close() {
      answer.cancel(true);
      reader.interrupt();
    }
  }

  private Stream open(Instant pageRead) throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    String query = pageRead == null ? "" : "?since=" + pageRead.toEpochMilli();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/live" + query))
        .header("Authorization", "Bearer " + LocalModeTestProperties.ADMIN_TOKEN)
        .header("Accept", "text/event-stream").GET().build();
    CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> answer =
        HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<java.util.stream.Stream<String>> response = answer.get(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        response.body().forEach(lines::add);
      } catch (UncheckedIOException closedByTheTest) {
        // the stream is cancelled when the test is done with it
      }
    });
    return new Stream(lines, answer, reader);
  }

  /** Whether {@code wanted} arrives within a minute (other tests' changes may come first). */
  private static boolean next(BlockingQueue<String> lines, String wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.trim().equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}
