package dev.pitcrew.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Back-pressure: a write that would put work on the engine runs only while its intake has a place (see
 * {@link IntakeGates}); beyond, after a short wait, it is refused before any side effect with a problem and
 * {@code Retry-After}. The engine sees a bounded number of concurrent starts and signals, whatever arrives.
 */
class IntakeConcurrencyFilter extends OncePerRequestFilter {
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
    IntakeRefused refused = gates.refusal(intake, request);
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
    problems.write(request, response, refused.status(),
        refused.status().value() == 429 ? "Too Many Requests" : "Service Unavailable", refused.getMessage());
  }
}
