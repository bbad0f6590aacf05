package dev.pitcrew.api.runs;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What this replica read from Temporal about a run in the last {@link RecentReadsProperties#liveTtl()}: a burst of
 * readers of one incident (everyone on call opens it at once) costs the engine one read per period, not one each,
 * and readers arriving while that read is under way wait for it instead of sending their own. Changes this replica
 * sends to a run forget its reads at once ({@link ForgetReadsOnChange}); what the run does by itself shows within
 * the period. A read that throws is never remembered; an answer that says the engine did not answer (the recorded
 * state, with a note) is, for the period like any other.
 *
 * <p>The read runs on the first reader's own thread, outside any lock of the cache: a query that takes seconds
 * (a busy worker) holds up only the readers of that run.
 */
@Component
public class RecentReads {
  private record Key(String workflowId, String what) {}

  private final AsyncCache<Key, Object> reads;
  private final ConcurrentMap<Key, CompletableFuture<Object>> underWay = new ConcurrentHashMap<>();
  /** The kinds of read kept ("details", "view"): a handful, so forgetting a run costs as many removals, not a scan. */
  private final Set<String> kinds = ConcurrentHashMap.newKeySet();

  @Autowired
  RecentReads(RecentReadsProperties properties) {
    this(properties, Ticker.systemTicker());
  }

  RecentReads(RecentReadsProperties properties, Ticker ticker) {
    this.reads = properties.liveTtl().isZero()
        ? null
        : Caffeine.newBuilder().ticker(ticker).expireAfterWrite(properties.liveTtl())
            .maximumSize(properties.maxEntries()).buildAsync();
  }

  /** {@code what} of run {@code workflowId} as read within the period, else {@code read}'s answer (kept unless null). */
  public <T> T of(String workflowId, String what, Supplier<T> read) {
    if (reads == null) {
      return read.get();
    }
    kinds.add(what);
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> shared = reads.get(new Key(workflowId, what), (key, executor) -> mine);
    return answer(shared, mine, read);
  }

  /**
   * {@code what} of run {@code workflowId}, shared only with readers who ask while it is being read: for answers
   * computed at the instant they are read (e.g. a ticket's business time left), which must not be kept.
   */
  public <T> T whileUnderWay(String workflowId, String what, Supplier<T> read) {
    Key key = new Key(workflowId, what);
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> shared = underWay.putIfAbsent(key, mine);
    try {
      return answer(shared == null ? mine : shared, mine, read);
    } finally {
      underWay.remove(key, mine);
    }
  }

  /** Forgets every read of one run: this replica just changed it. */
  public void forget(String workflowId) {
    if (reads != null) {
      // Every signal and start passes here: removing its few keys, not scanning every run this replica keeps.
      for (String what : kinds) {
        reads.asMap().remove(new Key(workflowId, what));
      }
    }
  }

  /** Reads into {@code mine} when it is the shared read, else waits for the one under way. */
  @SuppressWarnings("unchecked")
  private static <T> T answer(CompletableFuture<Object> shared, CompletableFuture<Object> mine, Supplier<T> read) {
    if (shared == mine) {
      try {
        T answer = read.get();
        mine.complete(answer);
        return answer;
      } catch (Throwable e) {
        // Whatever ends this read (an Error too) must end the wait of everyone who joined it.
        mine.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return (T) shared.join();
    } catch (CompletionException failed) {
      // The read under way failed: this reader tries on its own, so the error it meets is its own.
      return read.get();
    }
  }
}
