package dev.pitcrew.api.web;

import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Takes one token from a client's bucket, or answers 429 with {@code Retry-After}: the whole seconds until a token
 * is back, rounded up so a client that waits exactly that long is let in.
 */
final class RateLimiter {
  private final BucketStore buckets;
  private final String setting;
  private final String whose;

  /**
   * @param setting the environment variable that sets this limit, named in the 429 so operators know what to tune
   * @param whose who the limit counts, as the 429 tells the client ("this address")
   */
  RateLimiter(BucketStore buckets, String setting, String whose) {
    this.buckets = buckets;
    this.setting = setting;
    this.whose = whose;
  }

  /** @return true when the request may go on; false when a 429 has been written */
  boolean admit(String key, HttpServletRequest request, HttpServletResponse response, ProblemWriter problems)
      throws IOException {
    ConsumptionProbe probe = buckets.bucketFor(key).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return true;
    }
    long retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
    problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
        "More requests from " + whose + " than " + buckets.limit() + " allows (" + setting + "); retry after "
            + retryAfter + "s");
    return false;
  }

  private static long ceilSeconds(long nanos) {
    long perSecond = TimeUnit.SECONDS.toNanos(1);
    return (nanos + perSecond - 1) / perSecond;
  }
}
