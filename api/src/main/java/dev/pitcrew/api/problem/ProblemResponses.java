package dev.pitcrew.api.problem;

import dev.pitcrew.api.audit.AuditAttributes;
import dev.pitcrew.api.security.Access;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every API error into an RFC 9457 problem body; unexpected errors are logged, not echoed. */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
  private static final String DATABASE_RETRY_AFTER_SECONDS = "5";
  /** RFC 9457's own members, plus the field list every 400 carries. */
  private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance", "errors");

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setTitle(e.title());
    if (!e.fieldProblems().isEmpty()) {
      problem.setProperty("errors", e.fieldProblems());
    }
    // Extras add to the problem; they must never replace a standard member (a second "status" once made the
    // numeric HTTP status a run's status string).
    e.extras().forEach((name, value) -> {
      if (!STANDARD_MEMBERS.contains(name)) {
        problem.setProperty(name, value);
      }
    });
    auditReason(e.getMessage());
    return ResponseEntity.status(e.status()).body(problem);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    return api(ApiException.badField(e.getName(), "cannot be read from '" + e.getValue() + "'"));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    // A body stream that refuses to go on (e.g. past the request size limit) explains itself better than "not JSON".
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ApiException refused) {
        return ResponseEntity.status(refused.status()).body(api(refused).getBody());
      }
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body must be a JSON object; it is missing or is not valid JSON");
    problem.setTitle("Invalid request");
    auditReason(problem.getDetail());
    return ResponseEntity.badRequest().body(problem);
  }

  /** A method-security refusal: 403 with the reason the permission check gave (audited as a denial). */
  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e, HttpServletRequest request) {
    Object reason = request.getAttribute(Access.DENIAL_REASON);
    return api(new ApiException(HttpStatus.FORBIDDEN, "Forbidden",
        reason != null ? reason.toString() : "Your roles do not allow this", List.of(), Map.of()));
  }

  /**
   * PostgreSQL did not answer in time or refused connections: nothing the caller did wrong and worth retrying,
   * so 503 with Retry-After rather than a 500 (see pitcrew.database.* for the deadlines).
   */
  @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
  ResponseEntity<ProblemDetail> databaseUnavailable(DataAccessException e) {
    log.warn("Database unavailable while answering an API request: {}", e.getMostSpecificCause().toString());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "PostgreSQL did not answer in time; retry shortly (starts are safe to repeat with the same idempotency key)");
    problem.setTitle("Database unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS)
        .body(problem);
  }

  /** Spring MVC's own refusals (405, 415, missing parameters, ...): their detail goes to the audit log too. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem) {
      auditReason(problem.getDetail());
    } else if (body == null && e instanceof ErrorResponse error) {
      auditReason(error.getBody().getDetail());
    }
    return super.handleExceptionInternal(e, body, headers, status, request);
  }

  /** Why the request was refused, for the audit log; a problem's detail is written for the caller, so no secret. */
  private static void auditReason(String detail) {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request != null && detail != null) {
      request.setAttribute(AuditAttributes.REASON, detail, RequestAttributes.SCOPE_REQUEST);
    }
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
    log.error("Unexpected error answering an API request", e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "Pitcrew hit an unexpected error; the server log has the details");
    return ResponseEntity.internalServerError().body(problem);
  }
}
