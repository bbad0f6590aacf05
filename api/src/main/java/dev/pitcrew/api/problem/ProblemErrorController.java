package dev.pitcrew.api.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel/JSON error page: whatever the servlet container itself refuses (a filter's
 * error, a {@code sendError}) is answered as an RFC 9457 problem too, like everything the controllers answer.
 * The exception's message is not echoed: it may come from anywhere.
 */
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:${error.path:/error}}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    HttpStatus status = statusOf(request);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ContainerProblems.detail(status));
    problem.setTitle(ContainerProblems.title(status));
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private static HttpStatus statusOf(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
    return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
  }
}
