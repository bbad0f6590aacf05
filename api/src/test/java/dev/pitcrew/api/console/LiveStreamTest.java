package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.LocalModeTestProperties;
import dev.pitcrew.api.support.SharedServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's live stream: a change committed to a watched table by anyone (here a plain JDBC connection of its
 * own, as another API replica or a worker would) reaches an open {@code /live} stream as an event named by its
 * topic, through the V79 NOTIFY triggers and this replica's LISTEN.
 */
class LiveStreamTest extends SharedServerTest {
  @Autowired javax.sql.DataSource dataSource;

  @Test
  void aCommittedChangeByAnotherConnectionReachesTheStream() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/live"))
        .header("Authorization", "Bearer " + LocalModeTestProperties.ADMIN_TOKEN)
        .header("Accept", "text/event-stream").GET().build();
    var answer = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> stream = answer.get(30, TimeUnit.SECONDS);
    assertThat(stream.statusCode()).isEqualTo(200);
    Thread reader = Thread.ofVirtual().start(() -> stream.body().forEach(lines::add));
    try {
      assertThat(next(lines, "event:hello")).as("the stream says hello when it opens").isTrue();

      String workflowId = "live-stream-" + UUID.randomUUID();
      try (Connection other = dataSource.getConnection()) {
        other.setAutoCommit(false);
        try (PreparedStatement insert = other.prepareStatement("""
            insert into runs (workflow_id, run_id, run_type, status, sequence, started_at, updated_at)
            values (?, 'r1', 'console-live-test', 'RUNNING', 1, ?, ?)""")) {
          insert.setString(1, workflowId);
          insert.setTimestamp(2, Timestamp.from(Instant.now()));
          insert.setTimestamp(3, Timestamp.from(Instant.now()));
          insert.executeUpdate();
        }
        // Removed in the same transaction: nothing is left behind, and the NOTIFY still goes out at commit.
        try (PreparedStatement delete = other.prepareStatement("delete from runs where workflow_id = ?")) {
          delete.setString(1, workflowId);
          delete.executeUpdate();
        }
        other.commit();
      }
      assertThat(next(lines, "event:runs")).as("the runs topic after the commit").isTrue();
    } finally {
      answer.cancel(true);
      reader.interrupt();
    }
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
