package dev.pitcrew.api.runs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
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
 * the period. Failures are never remembered.
 */
@Component
public class RecentReads {
  private record Key(String workflowId, String what) {}

  private final Cache<Key, Object> reads;
  private final ConcurrentMap<Key, CompletableFuture<Object>> underWay = new ConcurrentHashMap<>();

  @Autowired
  RecentReads(RecentReadsProperties properties) {
    this(properties, Ticker.systemTicker());
  }

  RecentReads(RecentReadsProperties properties, Ticker ticker) {
    this.reads = properties.liveTtl().isZero()
        ? null
        : Caffeine.newBuilder().ticker(ticker).expireAfterWrite(properties.liveTtl())
            .maximumSize(properties.maxEntries()).build();
  }

  /** {@code what} of run {@code workflowId} as read within the period, else {@code read}'s answer (kept unless null). */
  @SuppressWarnings("unchecked")
  public <T> T of(String workflowId, String what, Supplier<T> read) {
    if (reads == null) {
      return read.get();
    }
    return (T) reads.get(new Key(workflowId, what), key -> read.get());
  }

  /**
   * {@code what} of run {@code workflowId}, shared only with readers who ask while it is being read: for answers
   * computed at the instant they are read (e.g. a ticket's business time left), which must not be kept.
   */
  @SuppressWarnings("unchecked")
  public <T> T whileUnderWay(String workflowId, String what, Supplier<T> read) {
    Key key = new Key(workflowId, what);
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> theirs = underWay.putIfAbsent(key, mine);
    if (theirs != null) {
      try {
        return (T) theirs.join();
      } catch (CompletionException failed) {
        // Their read failed: whatever it was, this reader's own attempt says it in this reader's words.
        return read.get();
      }
    }
    try {
      T answer = read.get();
      mine.complete(answer);
      return answer;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      underWay.remove(key, mine);
    }
  }

  /** Forgets every read of one run: this replica just changed it. */
  public void forget(String workflowId) {
    if (reads != null) {
      reads.asMap().keySet().removeIf(key -> key.workflowId().equals(workflowId));
    }
  }
}
