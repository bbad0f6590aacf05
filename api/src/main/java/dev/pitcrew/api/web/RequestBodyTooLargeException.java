package dev.pitcrew.api.web;

import dev.pitcrew.api.problem.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Thrown by the body stream when a request without a declared length reads past its limit. Unchecked on purpose:
 * an {@link java.io.IOException} would be turned into a 400 "not valid JSON" by Spring's message converters and
 * into "could not be read" by the webhooks, whereas this one reaches the problem responses as what it is, a 413.
 */
class RequestBodyTooLargeException extends ApiException {

  RequestBodyTooLargeException(BodyLimit limit) {
    super(HttpStatus.CONTENT_TOO_LARGE, RequestBodyLimitFilter.TITLE, limit.detail(), List.of(), Map.of());
  }
}
