package dev.pitcrew.activities.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Concurrent calls of one process that one statement can serve together: each caller queues its input in memory,
 * and whoever gets the turn runs the statement for every input waiting at that moment, on one pooled connection.
 * Each caller returns once its own input was served, with its own output, or the group's failure.
 *
 * <p>Why: under a storm (1,000 alerts in 10 s) one statement per request held one pooled connection per request,
 * most of them waiting (for a lock, or for the pool itself), and the pool of 16 was exhausted by what could have
 * been a handful of round trips. Callers now wait for their turn in the process, where waiting costs nothing.
 * Nothing is deferred: a caller never returns before its statement has run, so nothing is lost with the process.
 *
 * <p>A caller another's turn served is woken by its answer and returns at once, with every other caller of that
 * group. It does not take the turn first: behind a lock each served caller had to take and give back the lock in
 * queue order, one wake-up after the other, and on a starved machine (two cores, hundreds of virtual threads
 * runnable in an alert storm) each of those wake-ups waits for a carrier, so the last caller of a group of n waited
 * n of them, and the next turn waited behind them all.
 *
 * @param <I> what one caller asks
 * @param <O> what it is answered
 */
public final class GroupedStatements<I, O> {
  private final int maxGroup;
  private final Function<List<I>, List<O>> statement;
  private final ConcurrentLinkedQueue<Call<I, O>> waiting = new ConcurrentLinkedQueue<>();
  /** Whether some caller is running the statement: one turn at a time, on one pooled connection. */
  private final AtomicBoolean turn = new AtomicBoolean();

  /**
   * @param maxGroup the most inputs one run of the statement takes (bounds how long a turn lasts)
   * @param statement runs for a group of inputs and answers one output each, in their order
   */
  public GroupedStatements(int maxGroup, Function<List<I>, List<O>> statement) {
    if (maxGroup < 1) {
      throw new IllegalArgumentException("maxGroup must be at least 1");
    }
    this.maxGroup = maxGroup;
    this.statement = statement;
  }

  /** Runs {@code input} with whatever else is waiting; throws what the statement threw for its group. */
  public O run(I input) {
    Call<I, O> mine = new Call<>(input, Thread.currentThread());
    waiting.add(mine);
    boolean interrupted = false;
    while (!mine.finished) {
      if (turn.compareAndSet(false, true)) {
        try {
          // Another caller's turn may already have served this one.
          while (!mine.finished) {
            List<Call<I, O>> group = takeWaiting();
            if (group.isEmpty()) {
              // Taken by a turn that ended without an answer for it (an Error thrown through): never spin on it.
              throw new IllegalStateException("A grouped call was taken but never answered");
            }
            serve(group);
          }
        } finally {
          turn.set(false);
          handOn();
        }
      } else {
        // Woken by this call's answer, or by a turn handed on. Not interruptible, like the lock this replaced: an
        // interrupt is kept for the caller, and the wait goes on.
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.output;
  }

  /**
   * The turn is free: the oldest caller still waiting takes it. Every caller queues before it tries for the turn,
   * so one that found it taken is either served by that turn or sees it free once woken here.
   */
  private void handOn() {
    Call<I, O> next = waiting.peek();
    if (next != null) {
      LockSupport.unpark(next.caller);
    }
  }

  private List<Call<I, O>> takeWaiting() {
    List<Call<I, O>> group = new ArrayList<>();
    Call<I, O> next;
    while (group.size() < maxGroup && (next = waiting.poll()) != null) {
      group.add(next);
    }
    return group;
  }

  private void serve(List<Call<I, O>> group) {
    List<O> outputs;
    try {
      outputs = statement.apply(group.stream().map(call -> call.input).toList());
      if (outputs.size() != group.size()) {
        throw new IllegalStateException("A grouped statement answered " + outputs.size() + " outputs for "
            + group.size() + " inputs");
      }
    } catch (RuntimeException e) {
      group.forEach(call -> call.failed(e));
      return;
    } catch (Error e) {
      group.forEach(call -> call.failed(new IllegalStateException("The grouped statement failed: " + e, e)));
      throw e;
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).answered(outputs.get(i));
    }
  }

  private static final class Call<I, O> {
    final I input;
    final Thread caller;
    volatile boolean finished;
    volatile O output;
    volatile RuntimeException failure;

    Call(I input, Thread caller) {
      this.input = input;
      this.caller = caller;
    }

    void answered(O output) {
      this.output = output;
      finished = true;
      LockSupport.unpark(caller);
    }

    void failed(RuntimeException e) {
      failure = e;
      finished = true;
      LockSupport.unpark(caller);
    }
  }
}
