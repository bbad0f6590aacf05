package dev.pitcrew.api.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes one line per request to the {@code pitcrew.access} logger once the answer is known, including the 413s
 * and 429s of the protections inside it, which is why it is the outermost of them. Turn it off with
 * {@code LOGGING_LEVEL_PITCREW_ACCESS=OFF}.
 */
class AccessLogFilter extends OncePerRequestFilter {
  static final String LOGGER = "pitcrew.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private final ClientAddresses addresses;

  AccessLogFilter(ClientAddresses addresses) {
    this.addresses = addresses;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!log.isInfoEnabled()) {
      chain.doFilter(request, response);
      return;
    }
    long started = System.nanoTime();
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      if (!failed && request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new LogWhenDone(request, response, started));
      } else {
        // An exception escaping every handler becomes a 500 after this filter returns.
        write(request, failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus(), started);
      }
    }
  }

  private void write(HttpServletRequest request, int status, long started) {
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    log.info(new AccessLogLine(request.getMethod(), request.getRequestURI(), request.getQueryString(), status,
        millis, RequestPrincipal.of(request), addresses.of(request), request.getContentLengthLong()).format());
  }

  /** A request that went asynchronous is logged when it really completes. */
  private final class LogWhenDone implements AsyncListener {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final long started;

    LogWhenDone(HttpServletRequest request, HttpServletResponse response, long started) {
      this.request = request;
      this.response = response;
      this.started = started;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      write(request, response.getStatus(), started);
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
