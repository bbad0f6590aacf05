package dev.pitcrew.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each caller gets its own answer or its group's failure, and concurrent callers share statements. */
class GroupedStatementsTest {

  @Test
  void concurrentCallersAreServedTogetherEachWithItsOwnAnswer() throws Exception {
    List<Integer> groupSizes = new CopyOnWriteArrayList<>();
    CountDownLatch firstTurnStarted = new CountDownLatch(1);
    CountDownLatch othersQueued = new CountDownLatch(1);
    GroupedStatements<Integer, String> squares = new GroupedStatements<>(1_000, inputs -> {
      groupSizes.add(inputs.size());
      firstTurnStarted.countDown();
      await(othersQueued);
      return inputs.stream().map(i -> i + "^2=" + i * i).toList();
    });
    AtomicInteger called = new AtomicInteger();
    List<Future<String>> answers = new ArrayList<>();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      answers.add(callers.submit(() -> call(squares, 0, called)));
      await(firstTurnStarted);
      for (int i = 1; i < 50; i++) {
        int n = i;
        answers.add(callers.submit(() -> call(squares, n, called)));
      }
      // The first turn holds until the 49 others have called; they queue behind it.
      while (called.get() < 50) {
        Thread.onSpinWait();
      }
      othersQueued.countDown();
      for (int i = 0; i < 50; i++) {
        assertThat(answers.get(i).get()).isEqualTo(i + "^2=" + i * i);
      }
    }
    assertThat(groupSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
    assertThat(groupSizes).as("49 callers that waited behind the first turn, served in one").hasSizeLessThan(50);
  }

  @Test
  void aFailedStatementFailsEveryCallerOfItsGroupAndTheNextGroupStillRuns() {
    GroupedStatements<String, String> statement = new GroupedStatements<>(10, inputs -> {
      if (inputs.contains("bad")) {
        throw new IllegalStateException("refused");
      }
      return inputs;
    });
    assertThatThrownBy(() -> statement.run("bad")).isInstanceOf(IllegalStateException.class).hasMessage("refused");
    assertThat(statement.run("good")).isEqualTo("good");
  }

  @Test
  void manyConcurrentCallersInSmallGroupsAreAllAnsweredAndNoneIsLeftWaiting() throws Exception {
    // Small groups and more callers than carriers: turns end while others are queued and parked, so every caller is
    // answered only if each turn's end hands the turn on to whoever still waits.
    GroupedStatements<Integer, String> squares = new GroupedStatements<>(3, inputs -> {
      Thread.yield();
      return inputs.stream().map(i -> i + "^2=" + i * i).toList();
    });
    List<Future<String>> answers = new ArrayList<>();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 2_000; i++) {
        int n = i;
        answers.add(callers.submit(() -> squares.run(n)));
      }
      for (int i = 0; i < 2_000; i++) {
        assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + "^2=" + i * i);
      }
    }
  }

  private static String call(GroupedStatements<Integer, String> squares, int n, AtomicInteger called) {
    called.incrementAndGet();
    return squares.run(n);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
