package dev.pitcrew.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body before a controller sees it. A declared length over the limit is a 413 without
 * reading a byte; a body of unknown length (chunked) is read through a stream that fails past the limit, and that
 * failure becomes the same 413 whoever was reading (a message converter, a webhook, Slack).
 *
 * <p>Form and multipart bodies that the container parses itself do not pass through the wrapped stream: those are
 * bounded by the declared-length check and by the container's own limits ({@code server.tomcat.max-http-form-post-size},
 * {@code spring.servlet.multipart.*}).
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {
  static final String TITLE = "Payload too large";

  private final BodyLimits limits;
  private final ProblemWriter problems;

  RequestBodyLimitFilter(BodyLimits limits, ProblemWriter problems) {
    this.limits = limits;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    BodyLimit limit = limits.forPath(RequestPath.of(request));
    long declared = request.getContentLengthLong();
    if (declared > limit.bytes()) {
      problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, TITLE, limit.detail());
      return;
    }
    if (declared >= 0) {
      // The container never hands out more than the declared length.
      chain.doFilter(request, response);
      return;
    }
    try {
      chain.doFilter(new LimitedBodyRequest(request, limit), response);
    } catch (RequestBodyTooLargeException e) {
      // Read outside any controller (e.g. by another filter), so no problem response was written yet.
      if (response.isCommitted()) {
        throw e;
      }
      response.reset();
      problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, TITLE, limit.detail());
    }
  }
}
