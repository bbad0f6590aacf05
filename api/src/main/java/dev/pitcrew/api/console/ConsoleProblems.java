package dev.pitcrew.api.console;

import dev.pitcrew.api.audit.AuditAttributes;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.security.Access;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refusals on console pages read as the REST API's do, rendered: the same status (so the audit trail records the
 * same outcome) and the same reason, e.g. the deployment validator's "cannot approve your own production
 * deployment". An htmx request gets a fragment in place of the button's outcome; a page gets the error page; a
 * script that reads a console URL with an API token (no {@code text/html} in Accept) gets problem JSON.
 * Ordered before the API's problem-JSON advice, which answers every other controller.
 */
@ControllerAdvice(annotations = ConsolePage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleProblems {
  private final ConsoleModel consoleModel;
  private final JsonMapper json;

  ConsoleProblems(ConsoleModel consoleModel, JsonMapper json) {
    this.consoleModel = consoleModel;
    this.json = json;
  }

  /** What went wrong, for the templates: a title, the reason, and the fields it names. */
  public record Problem(int status, String title, String detail, List<FieldProblem> fields) {
    public String field(String name) {
      return fields.stream().filter(f -> f.field().equals(name)).map(FieldProblem::message).findFirst()
          .orElse(null);
    }
  }

  @ExceptionHandler(ApiException.class)
  ModelAndView refused(ApiException e, HttpServletRequest request, HttpServletResponse response, Model model)
      throws IOException {
    return render(new Problem(e.status().value(), e.title(), e.getMessage(), e.fieldProblems()), request, response,
        model);
  }

  @ExceptionHandler(AccessDeniedException.class)
  ModelAndView denied(HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
    String reason = request.getAttribute(Access.DENIAL_REASON) instanceof String set ? set
        : "Your roles do not allow this.";
    return render(new Problem(HttpStatus.FORBIDDEN.value(), "Forbidden", reason, List.of()), request, response,
        model);
  }

  private ModelAndView render(Problem problem, HttpServletRequest request, HttpServletResponse response,
      Model model) throws IOException {
    request.setAttribute(AuditAttributes.REASON, problem.detail());
    response.setStatus(problem.status());
    if (request.getHeader("HX-Request") != null) {
      return new ModelAndView("console/fragments :: problem", Map.of("problem", problem));
    }
    String accept = request.getHeader("Accept");
    if (accept == null || !accept.contains("text/html")) {
      // A script reading a console URL with an API token gets the API's problem JSON, not a page.
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", "about:blank");
      body.put("title", problem.title());
      body.put("status", problem.status());
      body.put("detail", problem.detail());
      body.put("instance", request.getRequestURI());
      if (!problem.fields().isEmpty()) {
        body.put("errors", problem.fields());
      }
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.getOutputStream().write(json.writeValueAsBytes(body));
      return new ModelAndView((View) (m, req, res) -> { });
    }
    model.addAttribute("problem", problem);
    model.addAttribute("console", consoleModel.console(request));
    return new ModelAndView("console/error", model.asMap());
  }
}
