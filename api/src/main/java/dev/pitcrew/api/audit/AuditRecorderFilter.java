package dev.pitcrew.api.audit;

import dev.pitcrew.activities.audit.AuditTrail;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every state-changing request, and every 401/403, into the audit trail once it is answered. Runs
 * outside (before) the security filter chain so it also sees the 401/403 the chain answers itself; the principal
 * comes from the request attributes ({@link AuditAttributes}).
 */
class AuditRecorderFilter extends OncePerRequestFilter {
  private final AuditTrail trail;

  AuditRecorderFilter(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      record(request, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      throw e;
    }
    if (request.isAsyncStarted()) {
      request.getAsyncContext().addListener(new AsyncListener() {
        @Override
        public void onComplete(AsyncEvent event) {
          record(request, response.getStatus());
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
      });
      return;
    }
    record(request, response.getStatus());
  }

  private void record(HttpServletRequest request, int status) {
    RequestAuditEvents.of(request, status).ifPresent(trail::record);
  }
}
