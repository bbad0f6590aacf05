package dev.pitcrew.api.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Detail reads shared for {@code pitcrew.reads.live-ttl}, on the cache's own clock moved by hand; and forgotten when a
 * change goes to the run through a client carrying {@link ForgetReadsOnChange}, against the shared server's engine.
 */
class RecentReadsTest extends SharedServerTest {
  private static final Duration TTL = Duration.ofSeconds(1);

  @Autowired WorkflowClient sharedClient;

  private final AtomicLong nanos = new AtomicLong();
  private final RecentReads reads = new RecentReads(new RecentReadsProperties(TTL, 100), nanos::get);
  private final AtomicInteger engineReads = new AtomicInteger();

  @Test
  void aReadIsSharedWithinTheTtlAndReadAgainAfterIt() {
    assertThat(read("run-1")).isEqualTo(1);
    nanos.addAndGet(TTL.minusMillis(1).toNanos());
    assertThat(read("run-1")).as("within the TTL the engine is not asked again").isEqualTo(1);
    assertThat(read("run-2")).as("another run is its own read").isEqualTo(2);

    nanos.addAndGet(Duration.ofMillis(2).toNanos());
    assertThat(read("run-1")).as("past the TTL the engine is asked again").isEqualTo(3);
  }

  @Test
  void aFailedReadIsNotRemembered() {
    assertThatThrownBy(() -> reads.of("run-1", "details", () -> {
      throw new IllegalStateException("engine unreachable");
    })).hasMessage("engine unreachable");
    assertThat(read("run-1")).isEqualTo(1);
  }

  @Test
  void readersArrivingDuringARead_waitForItInsteadOfSendingTheirOwn() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService readers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      answers.add(readers.submit(() -> reads.of("busy", "view", () -> {
        entered.countDown();
        await(release);
        return engineReads.incrementAndGet();
      })));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 7; i++) {
        answers.add(readers.submit(() -> reads.of("busy", "view", engineReads::incrementAndGet)));
      }
      release.countDown();
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      }
      assertThat(engineReads).hasValue(1);
    } finally {
      readers.shutdownNow();
    }
  }

  @Test
  void anInstantAnswerIsSharedOnlyWhileItIsBeingRead() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger firstAnswer = new AtomicInteger();
    Thread first = Thread.ofPlatform().start(() -> firstAnswer.set(reads.whileUnderWay("ticket", "slaStatus", () -> {
      entered.countDown();
      await(release);
      return engineReads.incrementAndGet();
    })));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    List<AtomicInteger> answers = new ArrayList<>();
    List<Thread> joiners = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AtomicInteger answer = new AtomicInteger();
      answers.add(answer);
      joiners.add(Thread.ofPlatform().start(
          () -> answer.set(reads.whileUnderWay("ticket", "slaStatus", engineReads::incrementAndGet))));
    }
    // A joiner either waits on the read under way or, had it not joined, ran its own read and ended.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> joiners.stream()
        .allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TERMINATED));
    assertThat(engineReads).as("nobody read on their own while the first read was under way").hasValue(0);

    release.countDown();
    first.join(10_000);
    for (Thread joiner : joiners) {
      joiner.join(10_000);
    }
    assertThat(firstAnswer).hasValue(1);
    assertThat(answers).allSatisfy(answer -> assertThat(answer).hasValue(1));
    assertThat(reads.whileUnderWay("ticket", "slaStatus", engineReads::incrementAndGet))
        .as("once answered it is not kept, even within the TTL").isEqualTo(2);
  }

  @Test
  void aFailedInstantReadIsThrownToItsReader() {
    assertThatThrownBy(() -> reads.whileUnderWay("ticket", "slaStatus", () -> {
      throw new IllegalStateException("query timed out");
    })).hasMessage("query timed out");
    assertThat(reads.whileUnderWay("ticket", "slaStatus", engineReads::incrementAndGet)).isEqualTo(1);
  }

  @Test
  void aZeroTtlReadsEveryTime() {
    RecentReads never = new RecentReads(new RecentReadsProperties(Duration.ZERO, 100), nanos::get);
    never.of("run-1", "details", engineReads::incrementAndGet);
    never.of("run-1", "details", engineReads::incrementAndGet);
    assertThat(engineReads).hasValue(2);
  }

  @Test
  void aChangeSentThroughTheClientForgetsThatRunsReadsOnly() {
    Response opened = api.post("/api/v1/incidents", """
        {"title": "Recent reads", "service": "recent-reads", "severity": "SEV4"}""");
    assertThat(opened.status()).as(opened.text()).isEqualTo(201);
    String incident = opened.body().get("incidentId").asString();
    WorkflowClient client = WorkflowClient.newInstance(sharedClient.getWorkflowServiceStubs(),
        WorkflowClientOptions.newBuilder(sharedClient.getOptions())
            .setInterceptors(new ForgetReadsOnChange(reads))
            .build());

    assertThat(read(incident)).isEqualTo(1);
    assertThat(read("another-run")).isEqualTo(2);
    signal(client, incident);
    assertThat(read(incident)).as("the run this replica changed is read again").isEqualTo(3);
    assertThat(read("another-run")).as("other runs keep their reads").isEqualTo(2);

    signal(sharedClient, incident);
    assertThat(read(incident)).as("a client without the interceptor forgets nothing").isEqualTo(3);
  }

  private int read(String workflowId) {
    return reads.of(workflowId, "details", engineReads::incrementAndGet);
  }

  /** A signal no handler takes: the workflow ignores it, but it is a change sent through the client. */
  private static void signal(WorkflowClient client, String incident) {
    client.newUntypedWorkflowStub(incident).signal("recent-reads-test");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
