package dev.pitcrew.benchmarks.tickets;

import dev.pitcrew.benchmarks.PitcrewApi;
import dev.pitcrew.benchmarks.PitcrewServer;
import dev.pitcrew.benchmarks.Report;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SLA scale: {@code tickets} tickets created through {@code POST /api/v1/tickets} as fast as {@code callers}
 * concurrent clients can, then the time until every one of them waits on its SLA clocks (its row in
 * {@code sla_tickets} carries a next deadline, written by the run once its clocks are started), the server's heap
 * and resident memory per waiting ticket, and its CPU while they all wait.
 */
public final class TicketScaleBenchmark {
  private final int tickets;
  private final int callers;
  private final long drainTimeoutSeconds;
  private final long idleSeconds;

  public TicketScaleBenchmark(int tickets, int callers, long drainTimeoutSeconds, long idleSeconds) {
    this.tickets = tickets;
    this.callers = callers;
    this.drainTimeoutSeconds = drainTimeoutSeconds;
    this.idleSeconds = idleSeconds;
  }

  public void run(PitcrewServer server, Report report) throws Exception {
    String tag = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    long heapBefore = server.liveHeapKiB();
    long rssBefore = server.rssKiB();
    PitcrewApi api = server.api();

    AtomicInteger created = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicLong lastRefusal = new AtomicLong();
    // CPU per ticket is the figure that moves least with the machine's load (it is shared here).
    long serverCpuAtStart = server.cpuMillis();
    long postgresCpuAtStart = server.postgresCpuMillis();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    for (int i = 0; i < tickets; i++) {
      int n = i;
      pool.execute(() -> {
        String body = """
            {"title":"%s ticket %d","requesterEmail":"player%d@bench.example","priority":"Low","labels":["%s"]}"""
            .formatted(tag, n, n, tag);
        // Back-pressure answers 429/503 with Retry-After: a well-behaved client waits and tries again.
        while (true) {
          HttpResponse<String> answer = api.post("/api/v1/tickets", body);
          if (answer.statusCode() == 201) {
            created.incrementAndGet();
            return;
          }
          if (answer.statusCode() != 429 && answer.statusCode() != 503) {
            throw new IllegalStateException("Ticket creation answered " + answer.statusCode() + ": " + answer.body());
          }
          refused.incrementAndGet();
          lastRefusal.set(System.nanoTime());
          long wait = answer.headers().firstValueAsLong("Retry-After").orElse(1);
          sleepMillis(wait * 1000);
        }
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(30, TimeUnit.MINUTES) || created.get() != tickets) {
      throw new IllegalStateException("Created " + created.get() + " of " + tickets + " tickets");
    }
    double creationSeconds = (System.nanoTime() - started) / 1e9;

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainTimeoutSeconds);
    int waiting;
    try (Connection db = server.database()) {
      while ((waiting = waiting(db, tag)) < tickets && System.nanoTime() < deadline) {
        sleepMillis(250);
      }
    }
    double drainSeconds = (System.nanoTime() - started) / 1e9;
    double serverCpuPerTicket = (server.cpuMillis() - serverCpuAtStart) / (double) tickets;
    double postgresCpuPerTicket = (server.postgresCpuMillis() - postgresCpuAtStart) / (double) tickets;
    if (waiting < tickets) {
      report.line("NOT DRAINED: only " + waiting + " of " + tickets + " tickets waiting after " + drainTimeoutSeconds + " s");
    }
    long heapAfter = server.liveHeapKiB();
    long rssAfter = server.rssKiB();
    long cpuBefore = server.cpuMillis();
    sleepMillis(idleSeconds * 1000);
    double idleCpu = (server.cpuMillis() - cpuBefore) / (idleSeconds * 10.0);

    report.figure("tickets.count", tickets, "tickets", callers + " concurrent callers");
    report.figure("tickets.creationRate", tickets / creationSeconds, "tickets/s",
        refused.get() + " answers were 429/503 and retried after Retry-After");
    report.figure("tickets.allWaitingSeconds", drainSeconds, "s",
        waiting + " of " + tickets + " waiting, from the first POST; goal < 120 s for 10k");
    report.figure("tickets.serverCpuPerTicket", serverCpuPerTicket, "ms",
        "server JVM's CPU from the first POST to all waiting, per ticket");
    report.figure("tickets.postgresCpuPerTicket", postgresCpuPerTicket, "ms",
        "its PostgreSQL's CPU over the same span, per ticket");
    report.figure("tickets.heapPerWaitingTicket", (heapAfter - heapBefore) * 1.0 / tickets, "KiB",
        String.format(Locale.ROOT, "live heap after full GC %d -> %d MiB", heapBefore / 1024, heapAfter / 1024));
    report.figure("tickets.rssPerWaitingTicket", (rssAfter - rssBefore) * 1.0 / tickets, "KiB",
        String.format(Locale.ROOT, "server JVM RSS %d -> %d MiB (PostgreSQL not included)", rssBefore / 1024,
            rssAfter / 1024));
    report.figure("tickets.idleCpuPercent", idleCpu, "% of one core",
        "server JVM over " + idleSeconds + " s with every ticket waiting");
  }

  private static int waiting(Connection db, String tag) throws SQLException {
    try (PreparedStatement count = db.prepareStatement(
        "select count(*) from sla_tickets where title like ? and next_due_at is not null")) {
      count.setString(1, tag + " ticket %");
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
