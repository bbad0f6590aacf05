package dev.pitcrew.api.web;

import dev.pitcrew.workers.observability.LogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the authenticated caller in the log context of every line a request writes, and so (through Temporal's
 * context propagation) in the lines of the runs it starts or signals. Sits inside Spring Security's chain, where the
 * principal is known.
 */
class LogContextFilter extends OncePerRequestFilter {
  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String principal = RequestPrincipal.current();
    MDC.put(LogContext.PRINCIPAL, principal);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(LogContext.PRINCIPAL);
    }
  }
}
