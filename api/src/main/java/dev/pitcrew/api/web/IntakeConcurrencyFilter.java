package dev.pitcrew.api.web;

import dev.pitcrew.api.audit.AuditAttributes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Back-pressure: a write that would put work on the engine runs only while its intake has a place (see
 * {@link IntakeGates}); beyond, after a short wait, it is refused before any side effect with a problem and
 * {@code Retry-After}. The engine sees a bounded number of concurrent starts and signals, whatever arrives.
 */
class IntakeConcurrencyFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(IntakeConcurrencyFilter.class);

  private final IntakeGates gates;
  private final ProblemWriter problems;

  IntakeConcurrencyFilter(IntakeGates gates, ProblemWriter problems) {
    this.gates = gates;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    IntakeClass intake = gates.enabled() ? IntakeClass.of(request) : null;
    if (intake == null) {
      chain.doFilter(request, response);
      return;
    }
    boolean entered;
    try {
      entered = gates.enter(intake);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      entered = false;
    }
    if (!entered) {
      refuse(intake, request, response);
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      gates.leave(intake);
    }
  }

  private void refuse(IntakeClass intake, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long seconds = gates.retryAfter().toSeconds();
    request.setAttribute(AuditAttributes.SHED_BY_INTAKE, Boolean.TRUE);
    if (intake == IntakeClass.PAGES) {
      // Never silent: the sender retries a 503 (Alertmanager does, with backoff), and on-call sees this line.
      log.warn("Page intake full: refused {} {} with 503, Retry-After {}s; the sender retries",
          request.getMethod(), RequestPath.of(request), seconds);
    }
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    problems.write(request, response, intake.refusal(),
        intake.refusal().value() == 429 ? "Too Many Requests" : "Service Unavailable",
        intake == IntakeClass.READS
            ? "Pitcrew is at its limit of concurrent reads; nothing was done. Retry after " + seconds + " s."
            : "Pitcrew is at its limit of concurrent " + intake.name().toLowerCase(java.util.Locale.ROOT)
                + " requests towards its engine; nothing was done. Retry after " + seconds + " s.");
  }
}
