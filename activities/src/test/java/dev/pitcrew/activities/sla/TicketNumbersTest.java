package dev.pitcrew.activities.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Ticket numbers on the real sequence: a block per round trip, unique across processes, rising within one. */
class TicketNumbersTest {
  private static long sequenceValue() {
    return TestDatabase.jdbc().sql("select last_value from sla_ticket_numbers").query(Long.class).single();
  }

  @Test
  void aProcessTakesABlockPerRoundTripAndHandsItOutInOrder() {
    assertThat(TestDatabase.jdbc().sql(
            "select seqincrement from pg_sequence where seqrelid = 'sla_ticket_numbers'::regclass")
        .query(Long.class).single()).as("block size (V100)").isEqualTo(100);
    TicketNumbers process = new TicketNumbers(TestDatabase.jdbc());
    long first = process.next();
    long blocksTaken = sequenceValue();
    List<Long> taken = new ArrayList<>(List.of(first));
    for (int i = 0; i < 99; i++) {
      taken.add(process.next());
    }
    assertThat(taken).as("one block, in order").isEqualTo(
        java.util.stream.LongStream.range(first, first + 100).boxed().toList());
    assertThat(sequenceValue()).as("no round trip within the block").isEqualTo(blocksTaken);
    assertThat(process.next()).as("the next block").isGreaterThanOrEqualTo(first + 100);
  }

  @Test
  void processesNeverShareANumberAndARestartStartsAfterEveryNumberGiven() throws Exception {
    TicketNumbers one = new TicketNumbers(TestDatabase.jdbc());
    TicketNumbers two = new TicketNumbers(TestDatabase.jdbc());
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    List<Future<?>> callers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int caller = 0; caller < 16; caller++) {
        TicketNumbers process = caller % 2 == 0 ? one : two;
        callers.add(pool.submit(() -> {
          long last = 0;
          for (int i = 0; i < 50; i++) {
            long number = process.next();
            assertThat(seen.add(number)).as("%d given twice", number).isTrue();
            assertThat(number).as("rising for each caller").isGreaterThan(last);
            last = number;
          }
        }));
      }
      for (Future<?> caller : callers) {
        caller.get();
      }
    }
    assertThat(seen).hasSize(800);

    long highest = seen.stream().mapToLong(Long::longValue).max().orElseThrow();
    TicketNumbers restarted = new TicketNumbers(TestDatabase.jdbc());
    assertThat(restarted.next()).as("after a restart: the next block, past every number given")
        .isGreaterThan(highest);
  }
}
