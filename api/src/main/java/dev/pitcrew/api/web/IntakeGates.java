package dev.pitcrew.api.web;

import dev.pitcrew.api.audit.AuditAttributes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The places each intake has towards the engine. A request takes one for as long as it runs and gives it back when
 * answered; what was accepted is on the engine by then (a start or signal returned), so a refusal never loses
 * work that was accepted. Refusals are counted ({@code pitcrew.intake.refused}, tagged by intake).
 */
@Component
public class IntakeGates {
  private static final Logger log = LoggerFactory.getLogger(IntakeGates.class);

  private final boolean enabled;
  private final Map<IntakeClass, Semaphore> places = new EnumMap<>(IntakeClass.class);
  private final Map<IntakeClass, Duration> maxWait = new EnumMap<>(IntakeClass.class);
  private final Map<IntakeClass, Counter> refused = new EnumMap<>(IntakeClass.class);
  private final Duration retryAfter;

  IntakeGates(IntakeProperties properties, MeterRegistry meters) {
    this.enabled = properties.enabled();
    this.retryAfter = properties.retryAfter();
    places.put(IntakeClass.API, new Semaphore(properties.apiMaxConcurrent(), true));
    places.put(IntakeClass.WEBHOOKS, new Semaphore(properties.webhookMaxConcurrent(), true));
    places.put(IntakeClass.PAGES, new Semaphore(properties.pageMaxConcurrent(), true));
    places.put(IntakeClass.READS, new Semaphore(properties.readMaxConcurrent(), true));
    maxWait.put(IntakeClass.API, properties.maxWait());
    maxWait.put(IntakeClass.WEBHOOKS, properties.maxWait());
    maxWait.put(IntakeClass.PAGES, properties.pageMaxWait());
    maxWait.put(IntakeClass.READS, properties.maxWait());
    for (IntakeClass intake : IntakeClass.values()) {
      refused.put(intake, Counter.builder("pitcrew.intake.refused")
          .description("Requests refused because their intake had no place left towards the engine")
          .tag("intake", intake.name().toLowerCase(java.util.Locale.ROOT))
          .register(meters));
    }
  }

  boolean enabled() {
    return enabled;
  }

  /** Waits up to the intake's max wait for a place; false (and counted) when none came free. */
  boolean enter(IntakeClass intake) throws InterruptedException {
    if (places.get(intake).tryAcquire(maxWait.get(intake).toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    refused.get(intake).increment();
    return false;
  }

  void leave(IntakeClass intake) {
    places.get(intake).release();
  }

  /**
   * A place in the page intake for a handler that pages before it queues (the Alertmanager webhook, which
   * {@link IntakeClass} leaves to its controller): waits as the filter would, and gives the place back on close.
   *
   * @throws IntakeRefused when none came free (503 with {@code Retry-After}; Alertmanager retries)
   */
  public Place enterPages(HttpServletRequest request) {
    if (!enabled) {
      return () -> {};
    }
    try {
      if (enter(IntakeClass.PAGES)) {
        return () -> leave(IntakeClass.PAGES);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Not marked as shed for the audit trail, unlike a refusal at the filter: the delivery's first pages went out.
    long seconds = retryAfter.toSeconds();
    log.warn("Page intake full: refused {} {} with 503 after its first pages went out, Retry-After {}s; the sender "
        + "retries", request.getMethod(), RequestPath.of(request), seconds);
    throw new IntakeRefused(IntakeClass.PAGES.refusal(), seconds,
        "Pitcrew is at its limit of concurrent page requests towards its engine: the first page of any incident "
            + "this delivery would open has been sent, nothing else was done. Retry after " + seconds + " s.");
  }

  /** A place taken in an intake; closing gives it back. */
  public interface Place extends AutoCloseable {
    @Override
    void close();
  }

  /** The refusal of a request that found no place: marked for the audit trail, and logged when it pages. */
  IntakeRefused refusal(IntakeClass intake, HttpServletRequest request) {
    long seconds = retryAfter.toSeconds();
    request.setAttribute(AuditAttributes.SHED_BY_INTAKE, Boolean.TRUE);
    if (intake == IntakeClass.PAGES) {
      // Never silent: the sender retries a 503 (Alertmanager does, with backoff), and on-call sees this line.
      log.warn("Page intake full: refused {} {} with 503, Retry-After {}s; the sender retries",
          request.getMethod(), RequestPath.of(request), seconds);
    }
    return new IntakeRefused(intake.refusal(), seconds, intake == IntakeClass.READS
        ? "Pitcrew is at its limit of concurrent reads; nothing was done. Retry after " + seconds + " s."
        : "Pitcrew is at its limit of concurrent " + intake.name().toLowerCase(java.util.Locale.ROOT)
            + " requests towards its engine; nothing was done. Retry after " + seconds + " s.");
  }

  Duration retryAfter() {
    return retryAfter;
  }

  /**
   * Takes every place of the API intake at once, as a burst of slow requests would: tests use it to see the
   * refusal deterministically. Give them back with {@link #releaseApi(int)}.
   */
  public int occupyApi() {
    return places.get(IntakeClass.API).drainPermits();
  }

  public void releaseApi(int taken) {
    places.get(IntakeClass.API).release(taken);
  }

  public int occupyReads() {
    return places.get(IntakeClass.READS).drainPermits();
  }

  public void releaseReads(int taken) {
    places.get(IntakeClass.READS).release(taken);
  }

  public int occupyPages() {
    return places.get(IntakeClass.PAGES).drainPermits();
  }

  public void releasePages(int taken) {
    places.get(IntakeClass.PAGES).release(taken);
  }
}
