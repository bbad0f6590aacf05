package dev.pitcrew.api.web;

import io.github.bucket4j.Bucket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One limiter's buckets by client key, at most {@code maxKeys} of them so that a flood of made-up principals or
 * addresses cannot exhaust memory. The least recently seen key is forgotten first; a forgotten client starts again
 * with a full bucket, which only ever errs on the lenient side.
 */
final class BucketStore {
  private final RateLimit limit;
  private final Map<String, Bucket> buckets;

  BucketStore(RateLimit limit, int maxKeys) {
    this.limit = limit;
    this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxKeys;
      }
    };
  }

  RateLimit limit() {
    return limit;
  }

  /** A map lookup under a lock: far cheaper than anything the request does next. */
  synchronized Bucket bucketFor(String key) {
    return buckets.computeIfAbsent(key, k -> limit.newBucket());
  }

  synchronized int size() {
    return buckets.size();
  }
}
