package dev.pitcrew.api.problem;

import dev.pitcrew.api.audit.AuditAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.http.converter.HttpMessageNotReadableException;
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

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setTitle(e.title());
    if (!e.fieldProblems().isEmpty()) {
      problem.setProperty("errors", e.fieldProblems());
    }
    e.extras().forEach(problem::setProperty);
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
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON");
    problem.setTitle("Invalid request");
    auditReason(problem.getDetail());
    return ResponseEntity.badRequest().body(problem);
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
